"""Word lists the generator draws from. Every list is invented for this project: given names and
family names are common ones, combined at random, so no row describes a real person. Streets,
towns, schools and staff are made up; phone numbers use the 555 exchange."""

from __future__ import annotations

from typing import Final

FIRST_NAMES: Final[tuple[str, ...]] = (
    "Aaliyah", "Aarav", "Abigail", "Adrian", "Aiden", "Aisha", "Alejandro", "Alexis", "Ali", "Alina",
    "Amara", "Amelia", "Ana", "Andre", "Angela", "Anika", "Anthony", "Arjun", "Aria", "Asher", "Aubrey",
    "Ava", "Axel", "Beatriz", "Benjamin", "Bianca", "Brandon", "Brianna", "Brooklyn", "Caleb", "Camila",
    "Carlos", "Carmen", "Carter", "Cecilia", "Chloe", "Christian", "Claire", "Cole", "Connor", "Daniel",
    "Daniela", "David", "Delilah", "Desmond", "Diego", "Dylan", "Eleanor", "Elena", "Eli", "Elijah",
    "Ellie", "Emery", "Emilia", "Emily", "Emma", "Eric", "Esme", "Ethan", "Eva", "Evelyn", "Ezra",
    "Fatima", "Felix", "Finn", "Gabriel", "Gabriela", "Gavin", "Genesis", "Gianna", "Grace", "Hailey",
    "Hana", "Hannah", "Harper", "Hazel", "Hector", "Henry", "Hudson", "Ibrahim", "Imani", "Isaac",
    "Isabel", "Isabella", "Isaiah", "Ivan", "Jack", "Jackson", "Jada", "Jade", "Jamal", "James", "Jasmine",
    "Javier", "Jayden", "Jonah", "Jordan", "Jose", "Joseph", "Joshua", "Julia", "Julian", "Kai", "Kayla",
    "Keira", "Kenji", "Khalil", "Kimberly", "Layla", "Leah", "Leilani", "Leo", "Levi", "Liam", "Lily",
    "Lucas", "Lucia", "Luis", "Luna", "Mackenzie", "Madison", "Malik", "Marcus", "Mariana", "Mason",
    "Mateo", "Maya", "Mia", "Micah", "Miguel", "Mila", "Nadia", "Naomi", "Natalia", "Nathan", "Nia",
    "Noah", "Nora", "Oliver", "Olivia", "Omar", "Oscar", "Owen", "Paisley", "Parker", "Penelope", "Priya",
    "Quinn", "Rafael", "Riley", "Rohan", "Rosa", "Ruby", "Ryan", "Sadie", "Samir", "Samuel", "Sara",
    "Savannah", "Sebastian", "Serenity", "Sienna", "Sofia", "Sophia", "Stella", "Tariq", "Taylor", "Thea",
    "Theo", "Tyler", "Valentina", "Valeria", "Victor", "Violet", "Wesley", "Willow", "Wyatt", "Xavier",
    "Yara", "Yusuf", "Zainab", "Zara", "Zion", "Zoe", "Amir", "Bryce", "Dante", "Elise", "Farah", "Gideon",
)

MIDDLE_NAMES: Final[tuple[str, ...]] = (
    "Ann", "Lee", "Marie", "James", "Rose", "Grace", "Jose", "Lynn", "Ray", "Jane", "Michael", "Kai",
    "Elise", "Thomas", "Renee", "Alan", "Joy", "Luis", "Mae", "Dean", "", "", "", "",
)

LAST_NAMES: Final[tuple[str, ...]] = (
    "Abbott", "Acosta", "Adeyemi", "Aguilar", "Ahmed", "Alvarez", "Andersen", "Armstrong", "Bailey",
    "Baker", "Banerjee", "Barnes", "Becker", "Bell", "Bennett", "Bishop", "Blackwood", "Bowen", "Boyd",
    "Bradley", "Brennan", "Brooks", "Bryant", "Burke", "Caldwell", "Calloway", "Campos", "Cardenas",
    "Carr", "Carver", "Castillo", "Castro", "Chambers", "Chandra", "Chavez", "Chen", "Cho", "Clarke",
    "Coleman", "Collins", "Contreras", "Cooper", "Cortez", "Crawford", "Cruz", "Cunningham", "Dalton",
    "Daniels", "Das", "Delgado", "Diaz", "Dixon", "Dominguez", "Donovan", "Duarte", "Duncan", "Dunn",
    "Eaton", "Edwards", "Ellis", "Espinoza", "Estrada", "Evans", "Farrell", "Ferguson", "Fernandez",
    "Fischer", "Fleming", "Flores", "Foster", "Fowler", "Franco", "Fuentes", "Gallagher", "Garcia",
    "Garner", "Gibson", "Gomez", "Gonzalez", "Gordon", "Graham", "Greene", "Gregory", "Guerrero", "Gupta",
    "Gutierrez", "Hale", "Hamilton", "Hansen", "Hargrove", "Harmon", "Hartley", "Hayes", "Henderson",
    "Herrera", "Hicks", "Hoang", "Holloway", "Horton", "Huang", "Hughes", "Ibarra", "Ingram", "Iyer",
    "Jacobs", "Jensen", "Jimenez", "Joshi", "Kaplan", "Keller", "Kennedy", "Khan", "Kim", "Kowalski",
    "Kramer", "Lam", "Lambert", "Larsen", "Lawson", "Le", "Lindqvist", "Lopez", "Lowe", "Lucero", "Lyons",
    "Macias", "Maddox", "Malone", "Marin", "Marsh", "Martinez", "Mathews", "Medina", "Mehta", "Mendoza",
    "Meyer", "Molina", "Montgomery", "Morales", "Moreno", "Murphy", "Nakamura", "Navarro", "Nguyen",
    "Nielsen", "Novak", "Nunez", "Obi", "Ochoa", "Okonkwo", "Olsen", "Ortega", "Ortiz", "Owens", "Pacheco",
    "Padilla", "Park", "Parsons", "Pena", "Perez", "Perkins", "Pham", "Pierce", "Porter", "Quintero",
    "Ramirez", "Ramos", "Rao", "Reed", "Reyes", "Rhodes", "Rios", "Rivera", "Robles", "Rojas", "Romero",
    "Rosales", "Ruiz", "Salazar", "Sanchez", "Sandoval", "Santos", "Sato", "Schmidt", "Serrano", "Shah",
    "Sharma", "Shaw", "Silva", "Singh", "Soto", "Spencer", "Stanton", "Stewart", "Suarez", "Sullivan",
    "Tanaka", "Thornton", "Torres", "Tran", "Trujillo", "Tucker", "Underwood", "Valdez", "Vargas",
    "Vasquez", "Vega", "Velasquez", "Vu", "Wagner", "Walsh", "Warren", "Watts", "Weber", "Wheeler",
    "Whitaker", "Wong", "Wu", "Yamamoto", "Yang", "Yates", "Young", "Zamora", "Zhang", "Zimmerman", "Osei",
    "Mensah", "Haddad", "Nasser", "Kovac",
)

STREET_NAMES: Final[tuple[str, ...]] = (
    "Alder", "Aspen", "Birch", "Bramble", "Cedar Hollow", "Clearwater", "Copper Ridge", "Cottonwood",
    "Creekside", "Deer Run", "Driftwood", "Elm", "Evergreen", "Fern Glen", "Fox Hollow", "Garnet",
    "Hawthorne", "Heron", "Hillcrest", "Juniper", "Lakeview", "Larkspur", "Laurel", "Madrona", "Maple",
    "Meadowlark", "Mill Creek", "Orchard", "Osprey", "Pine Crest", "Quail", "Rainier View", "Raven",
    "Redwood", "Ridgeline", "River Bend", "Salmonberry", "Sequoia", "Silver Lake", "Snowberry", "Spruce",
    "Stonebridge", "Summit", "Sunrise", "Tamarack", "Timber", "Trillium", "Valley", "Vine Maple", "Walnut",
    "Willow", "Windsong",
)

STREET_TYPES: Final[tuple[str, ...]] = (
    "St", "Ave", "Rd", "Dr", "Ln", "Ct", "Way", "Pl", "Loop", "Blvd",
)

TOWNS: Final[tuple[tuple[str, str], ...]] = (
    ("Maple Valley", "98038"), ("Cedar Crossing", "98042"), ("Alder Springs", "98051"),
    ("North Fork", "98045"), ("Willow Bend", "98022"), ("Hobart Flats", "98025"),
)

STATE: Final[str] = "WA"

SCHOOLS: Final[tuple[tuple[str, int, int, int], ...]] = (
    # name, school number, lowest grade, highest grade (-1 is pre-kindergarten)
    ("Cedar Creek Elementary", 101, -1, 5),
    ("Lake Wilderness Elementary", 102, 0, 5),
    ("Rock Creek Elementary", 103, 0, 5),
    ("Glacier Park Elementary", 104, 0, 5),
    ("Tahoma Heights Elementary", 105, 0, 5),
    ("Summit Trail Middle School", 201, 6, 8),
    ("Maple View Middle School", 202, 6, 8),
    ("Maple Valley High School", 301, 9, 12),
)

TEACHERS: Final[tuple[str, ...]] = (
    "Okafor", "Lindgren", "Marsh-Ortiz", "Bui", "Castellano", "Whitfield", "Haugen", "Delacroix", "Moreau",
    "Sorensen", "Achebe", "Kingsley", "Ferreira", "Yoon", "Brandt", "Quist", "Halvorsen", "Ocampo",
)

RELATIONSHIPS: Final[tuple[str, ...]] = (
    "Mother", "Father", "Guardian", "Grandmother", "Stepfather", "Aunt",
)

WEBMAIL: Final[tuple[str, ...]] = (
    "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "comcast.net",
)

ALLERGIES: Final[tuple[str, ...]] = (
    "Peanuts", "Tree nuts", "Shellfish", "Eggs", "Milk", "Bee stings", "Penicillin", "Latex", "Sesame",
    "Wheat", "Soy", "Seasonal pollen",
)

MEDICATIONS: Final[tuple[str, ...]] = (
    "EpiPen 0.3 mg", "Albuterol inhaler", "Insulin (pump)", "Methylphenidate 10 mg", "Cetirizine 10 mg",
    "Levetiracetam 250 mg", "Glucagon kit", "Diastat (rectal diazepam)", "Fluticasone inhaler",
)

CONDITIONS: Final[tuple[str, ...]] = (
    "Asthma", "Type 1 diabetes", "ADHD", "Seizure disorder", "Anaphylaxis risk", "Migraines",
    "Celiac disease", "Heart murmur", "Hearing impairment", "Anxiety",
)

DISABILITIES: Final[tuple[str, ...]] = (
    "ADHD", "Type 1 diabetes", "Anxiety disorder", "Dyslexia", "Hearing impairment", "Asthma",
    "Food allergy", "Autism spectrum", "Visual impairment", "Epilepsy",
)

ACCOMMODATIONS: Final[tuple[str, ...]] = (
    "Extended time on tests (1.5x)", "Preferential seating", "Breaks as needed",
    "Access to water and snacks", "Testing in a separate room", "Copy of class notes",
    "Reduced homework load", "Use of a calculator", "Elevator pass", "Blood glucose checks in class",
    "Audio versions of texts", "Check-in with counselor",
)

ROUTES: Final[int] = 96
