/*
 * Sample messages for the Crossing Guard demo page, with spreadsheets made up in the browser.
 *
 * Every student, family and address here is invented from seeded lists, so every visitor sees the
 * same samples. Each sample's build() returns {to, cc, bcc, subject, body, files: [{name, text}]}.
 * Exposes window.CrossingGuardSamples.
 */
(function () {
  "use strict";

  var STAFF = "maplevalley.k12.example";
  var STUDENTS = "students.maplevalley.k12.example";
  var BUS = "metrotransit-buses.example";
  var SENDER = { email: "ms.rivera@" + STAFF, name: "Ana Rivera" };

  // ---- Invented people (seeded, so every visitor sees the same samples) ---------------------------

  function rng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function pick(rand, items) { return items[Math.floor(rand() * items.length)]; }

  var FIRST = ["Maya", "Liam", "Sofia", "Noah", "Ava", "Mateo", "Isabella", "Ethan", "Mia", "Lucas", "Amara",
    "Elijah", "Harper", "Diego", "Zoe", "Caleb", "Aaliyah", "Owen", "Priya", "Jackson", "Chloe", "Hiro",
    "Layla", "Gabriel", "Nora", "Samuel", "Leah", "Omar", "Ruby", "Wyatt", "Mei", "Isaac", "Stella",
    "Andre", "Lucia", "Miles", "Hana", "Felix", "Iris", "Kofi", "Violet", "Ezra", "Camila", "Theo",
    "Naomi", "Jonah", "Elena", "Rowan", "Fatima", "Declan", "Aria", "Tariq", "Willa", "Santiago"];
  // No "Rivera": the sender is Ana Rivera, and a family of that name would look like her own account.
  var LAST = ["Chen", "Garcia", "Okafor", "Nguyen", "Patel", "Johnson", "Kowalski", "Hernandez", "Smith",
    "Yamamoto", "Rossi", "Ibrahim", "Martin", "Lopez", "Kim", "Brown", "Novak", "Silva", "Walker",
    "Haddad", "Murphy", "Singh", "Andersen", "Reyes", "Clark", "Ortiz", "Park", "Fischer", "Mensah",
    "Lewis", "Sato", "Romero", "Young", "Dubois", "Baker", "Ali", "Wright", "Torres", "Cohen", "Shah",
    "Adams", "Moreno", "Hughes", "Costa", "Bennett", "Popescu", "Flores", "Tanaka", "Evans", "Ramos"];
  var GUARDIAN_FIRST = ["Wei", "Maria", "Chinedu", "Linh", "Raj", "Karen", "Piotr", "Rosa", "David", "Keiko",
    "Marco", "Amina", "Paul", "Carmen", "Jin", "Lisa", "Tomas", "Ana", "James", "Leila", "Sean", "Gurpreet",
    "Erik", "Luz", "Robert", "Elena", "Min", "Anke", "Kwame", "Grace"];
  var ALLERGIES = ["Peanuts", "Tree nuts", "Milk", "Eggs", "Shellfish", "Wheat", "Soy", "Bee stings",
    "Penicillin", "Latex", "Sesame", "Fish"];
  var MEDICATIONS = ["EpiPen (epinephrine auto-injector)", "Albuterol inhaler", "Cetirizine 10 mg daily",
    "Methylphenidate 10 mg at lunch", "Insulin pump", "None", "None", "Glucagon kit"];
  var CONDITIONS = ["Asthma", "Type 1 diabetes", "ADHD", "Seizure disorder", "Anaphylaxis risk", "Migraine", ""];
  var STREETS = ["Maple Ave", "Cedar St", "Orchard Rd", "Hillcrest Dr", "River Rd", "Birch Ln", "Valley View Ct",
    "Elm St", "Sunset Blvd", "Meadow Way", "Pine Ridge Rd", "Lakeview Dr"];
  var TEACHERS = ["Rivera", "Okonkwo", "Lindqvist", "Tran", "Delgado", "Brooks", "Haas", "Moreau"];
  var MAIL_DOMAINS = ["example.com", "example.net", "example.org"];
  var ACCOMMODATIONS = ["Extended time (1.5x)", "Separate testing room", "Preferential seating",
    "Breaks as needed", "Read-aloud for tests", "Use of calculator", "Snacks and water in class",
    "Reduced homework load"];

  /** `count` invented students with unique names; the same list for the same seed. */
  function makeStudents(count, seed) {
    var rand = rng(seed);
    var seen = {};
    var out = [];
    while (out.length < count) {
      var first = pick(rand, FIRST);
      var last = pick(rand, LAST);
      if (seen[first + " " + last]) { continue; }
      seen[first + " " + last] = true;
      var gFirst = pick(rand, GUARDIAN_FIRST);
      var n = out.length;
      out.push({
        id: String(2400100 + n * 7),
        first: first,
        last: last,
        grade: 1 + Math.floor(rand() * 5),
        teacher: "Ms. " + pick(rand, TEACHERS),
        street: (100 + Math.floor(rand() * 9800)) + " " + pick(rand, STREETS),
        zip: "9" + (7400 + Math.floor(rand() * 80)),
        guardian: gFirst + " " + last,
        email: (gFirst + "." + last + (n % 3 === 0 ? n : "")).toLowerCase() + "@" + MAIL_DOMAINS[n % 3],
        phone: "(555) " + (200 + Math.floor(rand() * 700)) + "-" + String(1000 + Math.floor(rand() * 8999)),
        allergy: pick(rand, ALLERGIES) + (rand() < 0.3 ? ", " + pick(rand, ALLERGIES) : ""),
        medication: pick(rand, MEDICATIONS),
        condition: pick(rand, CONDITIONS),
        route: "Route " + (1 + Math.floor(rand() * 24)),
        stop: pick(rand, STREETS) + " & " + pick(rand, STREETS),
        am: "7:" + String(5 + Math.floor(rand() * 50)).padStart(2, "0") + " AM",
        pm: "3:" + String(10 + Math.floor(rand() * 45)).padStart(2, "0") + " PM",
        fees: rand() < 0.8 ? "Paid" : "Owes $" + (15 + Math.floor(rand() * 60)),
        accommodation: pick(rand, ACCOMMODATIONS),
      });
    }
    return out;
  }

  /** The transport export a district really sends: every student's home, route and stops. */
  function busRosterRows(kids) {
    var rows = [["Student_Number", "Last_Name", "First_Name", "Grade", "Street", "City", "Zip",
      "Bus_Route", "AM_Stop", "AM_Pickup", "PM_Stop", "PM_Dropoff", "Guardian", "Home_Phone"]];
    kids.forEach(function (s) {
      rows.push([s.id, s.last, s.first, s.grade, s.street, "Maple Valley", s.zip, s.route, s.stop, s.am,
        s.stop, s.pm, s.guardian, s.phone]);
    });
    return rows;
  }

  function csv(rows) {
    return rows.map(function (row) {
      return row.map(function (cell) {
        var text = String(cell);
        return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
      }).join(",");
    }).join("\r\n") + "\r\n";
  }

  function familyAddresses(students) {
    return students.map(function (s) { return s.guardian + " <" + s.email + ">"; });
  }

  // ---- Sample scenarios -----------------------------------------------------------------------

  var SAMPLES = [
    {
      label: "Allergy spreadsheet to 300 parents",
      build: function () {
        var kids = makeStudents(300, 4);
        var rows = [["Student_Number", "Last_Name", "First_Name", "Grade_Level", "Teacher", "Allergies",
          "Medications", "Medical_Conditions", "Guardian", "Guardian_Phone", "Fees_Paid"]];
        kids.forEach(function (s) {
          rows.push([s.id, s.last, s.first, s.grade, s.teacher, s.allergy, s.medication, s.condition,
            s.guardian, s.phone, s.fees]);
        });
        return {
          to: [SENDER.name + " <" + SENDER.email + ">"],
          bcc: familyAddresses(kids),
          subject: "Welcome back to Maple Valley Elementary!",
          body: "Dear families,\n\nWelcome to the new school year! Attached is our welcome packet with the " +
            "calendar, supply list and lunch menu.\n\nSee you on Monday,\nMs. Rivera",
          files: [{ name: "Health office - allergies and medications 2025-26.csv", text: csv(rows) }],
        };
      },
    },
    {
      label: "Bus roster to all families",
      build: function () {
        var kids = makeStudents(420, 1);
        var rows = busRosterRows(kids);
        return {
          to: ["transportation@" + STAFF],
          bcc: familyAddresses(kids),
          subject: "Your child's bus stop and pickup time",
          body: "Dear families,\n\nBus routes for the new year are ready. Please find your child's stop and " +
            "pickup time in the attached file.\n\nMaple Valley Transportation",
          files: [{ name: "Fall bus routes - all students.csv", text: csv(rows) }],
        };
      },
    },
    {
      label: "Bus roster to the bus company",
      build: function () {
        var kids = makeStudents(420, 1);
        var rows = busRosterRows(kids);
        return {
          to: ["Routing desk <routing@" + BUS + ">"],
          cc: ["transportation@" + STAFF],
          subject: "Fall routes: student list",
          body: "Hi Metro Transit team,\n\nHere is this fall's rider list for route planning, as in our " +
            "contract.\n\nMaple Valley Transportation",
          files: [{ name: "Fall bus routes - all students.csv", text: csv(rows) }],
        };
      },
    },
    {
      label: "Progress report to one parent",
      build: function () {
        var rows = [["Student", "Course", "Teacher", "Q1_Grade", "Comment"],
          ["Maya Chen", "Reading", "Ms. Rivera", "A-", "Reads with expression; keep up nightly reading"],
          ["Maya Chen", "Math", "Ms. Rivera", "B+", "Strong with fractions; practice word problems"],
          ["Maya Chen", "Science", "Mr. Tran", "A", "Great lab notebook"],
          ["Maya Chen", "Social Studies", "Ms. Rivera", "B", "Participates well in discussions"]];
        return {
          to: ["Wei Chen <wei.chen@example.net>"],
          subject: "Maya's first-quarter progress report",
          body: "Hi Mr. Chen,\n\nMaya's first-quarter progress report is attached. She has had a great start " +
            "to the year. I'm happy to talk at conferences next week.\n\nBest,\nAna Rivera",
          files: [{ name: "Maya Chen - Q1 progress report.csv", text: csv(rows) }],
        };
      },
    },
    {
      label: "504 list pasted in the body",
      build: function () {
        var kids = makeStudents(48, 504);
        var lines = ["Student\tGrade\tTeacher\t504 plan\tAccommodation"];
        kids.forEach(function (s) {
          lines.push(s.first + " " + s.last + "\t" + s.grade + "\t" + s.teacher + "\tYes\t" + s.accommodation);
        });
        var parents = makeStudents(60, 77);
        return {
          to: ["counseling@" + STAFF],
          bcc: familyAddresses(parents),
          subject: "State testing next week: accommodations",
          body: "Hello everyone,\n\nState testing starts Tuesday. Here are the students with 504 plans and " +
            "their testing accommodations, so rooms can be set up:\n\n" + lines.join("\n") +
            "\n\nThank you,\nMaple Valley Counseling",
          files: [],
        };
      },
    },
    {
      label: "Email to AllStudents",
      build: function () {
        return {
          to: ["AllStudents@" + STUDENTS],
          subject: "Picture day is Thursday",
          body: "Hi everyone,\n\nSchool picture day is this Thursday. Order forms are at the front office.\n\n" +
            "Ms. Rivera",
          files: [],
        };
      },
    },
    {
      label: "Newsletter with 22 families in To",
      build: function () {
        return {
          to: familyAddresses(makeStudents(22, 22)),
          subject: "Room 12 newsletter",
          body: "Dear Room 12 families,\n\nThis month we are learning about the water cycle. Our field trip " +
            "to the river is on the 14th.\n\nMs. Rivera",
          files: [],
        };
      },
    },
    {
      label: "Student records to my personal Gmail",
      build: function () {
        var kids = makeStudents(28, 9);
        var rows = [["Student_Number", "LastFirst", "DOB", "Street", "Zip", "Medical_Alert", "Guardian_Phone"]];
        kids.forEach(function (s, i) {
          rows.push([s.id, s.last + ", " + s.first, "2015-0" + (1 + (i % 9)) + "-" + (10 + (i % 18)),
            s.street, s.zip, s.condition || "None", s.phone]);
        });
        return {
          to: ["Ana Rivera <anarivera.home@gmail.com>"],
          subject: "class files to work on at home",
          body: "",
          files: [{ name: "Room 12 roster with health notes.csv", text: csv(rows) }],
        };
      },
    },
  ];

  window.CrossingGuardSamples = SAMPLES;
}());
