"""Capitalised words that are not people's names, for the name finder.

School mail capitalises many words that are not names: sentence starts, headings in title case,
days, months, subjects, programs and health terms. Listing them is cheaper and more predictable
than a language model, and a missed name costs less here than a heading read as a student.
Some first names are also common words (May, Will, Grace); they are given up on purpose.
"""

from __future__ import annotations

from typing import Final

_COMMON: Final = """
a about above across after afternoon again against all almost along already also although always am among an
and another any anyone anything are around as at away back be because been before being below best better
between both but by can cannot could did do does doing done down during each either else enough even evening
ever every everyone everything few for from further get gets getting give given go goes going good got great
had has have having he her here hers herself him himself his how however i if in including inside instead into
is it its itself just last late later least less let lets like little lot lots made make makes making many may
me might more morning most much must my myself near need needs never new next no none nor not nothing now of
off often oh ok okay on once one only onto or other others otherwise our ours ourselves out over own per
perhaps please quite rather really same see several she should since so some someone something soon still such
than thank thanks that the their theirs them themselves then there these they thing things this those though
through throughout thus to today together tomorrow tonight too toward towards under unless until up upon us
very via was we well were what whatever when whenever where whether which while who whom whose why will with
within without would yes yesterday yet you your yours yourself yourselves
first second third fourth fifth sixth seventh eighth ninth tenth two three four five six seven eight nine ten
hi hello hey dear greetings regards sincerely cheers warmly respectfully best kind kindly welcome
congratulations happy reminder reminders note notes update updates important urgent attention info
information fyi re fw fwd
subject sent from cc bcc date attached attachment attachments see below above enclosed
"""

_SCHOOL: Final = """
student students child children kid kids parent parents guardian guardians family families staff teacher
teachers team class classes classroom grade grades room homeroom school schools district campus office
principal counselor nurse coach librarian secretary superintendent board members member volunteer volunteers
pta pto ptsa association council committee club clubs band choir orchestra art music pe gym library cafeteria
lunch breakfast recess field trip trips bus buses route routes stop stops schedule schedules pickup dropoff
drop arrival dismissal homework assignment assignments project projects quiz test tests exam exams report
reports card cards conference conferences meeting meetings agenda minutes training workshop session sessions
professional development event events night day days week weeks month months year years semester quarter term
spring summer fall autumn winter season holiday holidays break vacation picture pictures photo photos yearbook
book books fair festival concert game games practice tournament season sports athletics football basketball
soccer baseball softball volleyball track tennis swim swimming wrestling cross country math mathematics
science history english reading writing spelling social studies language arts spanish french chinese german
latin biology chemistry physics algebra geometry calculus economics government geography health wellness
kindergarten preschool elementary middle high junior senior seniors juniors freshman freshmen sophomore
sophomores graduation commencement prom homecoming spirit assembly fundraiser fundraising donation donations
sale bake auction raffle newsletter bulletin announcement announcements calendar deadline due form forms
permission slip slips signature sign fee fees payment payments cost total price dollars cash check online
portal app website email emails phone call text message messages contact address zip code id number numbers
name names list roster rosters transcript transcripts request records record copy copies official unofficial
summary details detail item items question questions answer answers topic topics goal goals plan plans
policy policies procedure procedures rule rules safety emergency drill drills lockdown fire weather closure
closed open opening hours time times am pm noon midnight location locations parking entrance exit front
main north south east west upper lower new old annual monthly weekly daily free reduced paid unpaid
yes no n/a tbd na ok attendance absence absences absent tardy tardies late early excused unexcused
program programs services service support supports resources resource center office department
step steps part parts section sections unit units chapter chapters page pages lesson lessons activity
activities materials supplies snack snacks food drink water clothes shirt shoes coat jacket hat lost found
morning afternoon evening tonight weekend weekends status active inactive pending current former
approved denied eligible ineligible complete incomplete received missing yes no
    birth birthdate graduation transcript cumulative credits credit earned rank weighted unweighted
"""

_CALENDAR: Final = """
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
january february march april june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
"""

_HEALTH: Final = """
allergy allergies allergic anaphylaxis anaphylactic epipen epi pen epinephrine inhaler inhalers asthma
asthmatic diabetes diabetic insulin glucose seizure seizures epilepsy epileptic medication medications
medicine medicines meds prescription diagnosis diagnosed adhd autism autistic iep ieps sped special
education accommodations accommodation modifications behavior behaviour bip fba disability disabilities
concussion migraine celiac peanut peanuts nut nuts tree latex bee sting dairy gluten egg eggs shellfish
fish soy wheat pollen flu covid cold fever cough virus illness sick vaccine vaccines vaccination
immunization immunizations shots physical physicals vision hearing dental doctor hospital clinic pharmacy
therapy therapist speech occupational counseling mental anxiety depression suspended suspension
detention detentions expelled expulsion incident incidents referral referrals discipline disciplinary
nurse's medical condition conditions care action emergency benadryl tylenol advil ibuprofen
"""

_OTHER: Final = """
god jesus christ america american americans usa us united states state county city town village national
federal internet google microsoft zoom teams outlook gmail canvas classroom seesaw clever powerschool
schoology facebook instagram twitter youtube amazon target walmart costco walgreens cvs starbucks
christmas thanksgiving easter halloween hanukkah kwanzaa ramadan diwali passover valentine valentines
memorial labor independence veterans presidents columbus juneteenth mlk day new years eve
mom dad mother father mommy daddy grandma grandpa grandmother grandfather aunt uncle brother sister son
daughter baby boy boys girl girls man men woman women people person everybody somebody nobody
mr mrs ms mx miss dr prof sir madam
ok okay pdf doc docx xlsx csv url http https www com org edu net gov
great awesome excellent wonderful amazing fantastic nice fine sorry unfortunately fortunately also
additionally finally lastly however therefore meanwhile currently recently again remember reminder
note please kindly feel let join come bring send return complete fill submit review read check
contact call ask email visit follow sign click download upload register attend vote help keep make
take use wear pack bring arrive leave stay wait look find share print save order buy pay
"""

# What forms call themselves: capitalised in every form's title ("Medication Authorization").
_FORMS: Final = """
authorization authorisation authorizations consent consents release waiver waivers agreement permission
application registration enrollment enrolment request requests form forms slip slips checklist packet
"""

NOT_NAMES: Final[frozenset[str]] = frozenset(
    " ".join((_COMMON, _SCHOOL, _CALENDAR, _HEALTH, _OTHER, _FORMS)).split()
)

# Words that make the capitalised run before them a place or an organisation. Words that are also
# common surnames (Park, Hall, Field, Lane, Church, Hill) are left out on purpose.
_PLACES: Final = """
    elementary middle high school schools academy prep preparatory charter district county city university
    college institute center centre library museum zoo parks street st avenue ave road rd drive dr ln
    boulevard blvd ct pl circle highway hwy gym gymnasium stadium arena hospital clinic pharmacy hotel mall
    market store inc llc co corp company foundation association society club committee council board
    department dept office room building campus auditorium cafeteria heights creek airport theater theatre
    unified usd isd cisd csd cusd ufsd psd esd hsd
"""  # the last line: districts as forms title them ("Maple Valley USD - Authorization for Medication")
PLACE_WORDS: Final[frozenset[str]] = frozenset(_PLACES.split())
