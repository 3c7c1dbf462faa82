"""What the console's plain pages say: turned off, not an admin, sign-in failed, a stale form."""

from __future__ import annotations

OFF = ("The IT console is not turned on. To turn it on, name the admins in the policy file's [admin] section "
       "(admins, or admin_groups for Entra ID) and set up one sign-in: entra_tenant_id and entra_client_id "
       "with CROSSING_GUARD_ADMIN_ENTRA_CLIENT_SECRET, or google_client_id with "
       "CROSSING_GUARD_ADMIN_GOOGLE_CLIENT_SECRET. Scripts can use CROSSING_GUARD_ADMIN_API_KEYS.")
NO_SIGNIN = ("This console has no sign-in set up, so only scripts with an admin API key can read it. "
             "See the README's IT console section to set up Entra ID or Google sign-in.")
NO_STORE = ("This service keeps no check records, so there is nothing to show. Set CROSSING_GUARD_DATA_DIR or "
            "CROSSING_GUARD_DATABASE_URL to keep them.")
NOT_ADMIN = ("You signed in, but your account is not one of the console's administrators. Ask district IT to add "
             "your address to admins (or your group to admin_groups) in the policy file.")
FAILED = "The sign-in could not be confirmed. Please try again from the console's address."
EXPIRED = "This sign-in started too long ago or in another browser. Please start again."
UNREACHABLE = "The district's sign-in service could not be reached. Please try again in a minute."
BAD_FORM = "This form expired or did not come from this console. Go back, reload the page and try again."
SIGNED_OUT = "You are signed out of the IT console."
STORE_DOWN = ("The database that keeps the check records cannot be reached just now. Mail is still being checked. "
              "Try again in a minute.")
