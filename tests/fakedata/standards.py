"""Files in the shapes of the education data standards, written from the fake population.

- Ed-Fi XML interchanges (Ed-Fi-Core.xsd element names: `Student`, `StudentUniqueId`, `Name/FirstName`,
  `LastSurname`, `BirthData/BirthDate`, `StudentProgramAssociation`, `StudentSchoolFoodServiceProgram-
  Association/SchoolFoodServiceProgramService`, `StudentHealth/RequiredImmunization/ImmunizationType`,
  `StudentTransportation/StudentBusDetails/BusNumber`), descriptors as `uri://ed-fi.org/...#Value`;
- Ed-Fi API JSON (arrays of resources, camelCase keys, `...Descriptor` URIs);
- IMS OneRoster 1.1 CSV bundles (users.csv with `role` and `password`, demographics.csv, enrollments.csv);
- Microsoft School Data Sync v1 (Student.csv, Teacher.csv) and v2.1 (users.csv, roles.csv, demographics.csv).
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from tests.fakedata import delimited
from tests.fakedata.students import Student

EDFI_NS = "http://ed-fi.org/0220"


def _d(kind: str, value: str) -> str:
    return f"uri://ed-fi.org/{kind}Descriptor#{value}"


def _sid(s: Student) -> str:
    return str(uuid.UUID(int=int(s.state_id) + 1))  # OneRoster sourcedIds are often GUIDs


def _adult(t: int) -> tuple[str, str]:
    return f"Dana{'abcdefghij'[t % 10]}", f"Staffer{'abcdefghij'[t // 10 % 10]}"


def _xml(root: str, elements: Sequence[str]) -> bytes:
    body = "\n".join(elements)
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{EDFI_NS}">\n'
    return (head + body + f"\n</{root}>\n").encode()


def _ref(s: Student) -> str:
    return f"<StudentReference><StudentIdentity><StudentUniqueId>{s.state_id}</StudentUniqueId></StudentIdentity>" \
        "</StudentReference>"


def _associations(root: str, element: str, students: Sequence[Student], body: Callable[[Student], str]) -> bytes:
    """An interchange of one `element` per student: the student's reference, then `body`."""
    return _xml(root, [f"<{element}>{_ref(s)}{body(s)}</{element}>" for s in students])


def edfi_students_xml(students: Sequence[Student]) -> bytes:
    """InterchangeStudent: one Student per student, with name, birth data, sex and race."""
    out = []
    for s in students:
        out.append(
            f"<Student><StudentUniqueId>{s.state_id}</StudentUniqueId>"
            f"<Name><FirstName>{escape(s.first)}</FirstName><LastSurname>{escape(s.last)}</LastSurname></Name>"
            f"<Sex>{_d('Sex', 'Female' if s.gender == 'F' else 'Male')}</Sex>"
            f"<BirthData><BirthDate>{s.dob.isoformat()}</BirthDate><BirthCity>{escape(s.city)}</BirthCity></BirthData>"
            f"<Race><RaceDescriptor>{_d('Race', 'White')}</RaceDescriptor></Race></Student>"
        )
    return _xml("InterchangeStudent", out)


def edfi_enrollment_xml(students: Sequence[Student]) -> bytes:
    """InterchangeStudentEnrollment: StudentSchoolAssociation, IDs and grade levels only."""
    return _associations("InterchangeStudentEnrollment", "StudentSchoolAssociation", students, lambda s: (
        f"<SchoolReference><SchoolIdentity><SchoolId>{s.school_number}</SchoolId></SchoolIdentity></SchoolReference>"
        f"<EntryDate>2024-08-26</EntryDate><EntryGradeLevel>{_d('GradeLevel', 'Fifth grade')}</EntryGradeLevel>"
    ))


def edfi_program_xml(students: Sequence[Student], program: str = "Section 504 Placement") -> bytes:
    """InterchangeStudentProgram: one StudentProgramAssociation per student in `program`."""
    return _associations("InterchangeStudentProgram", "StudentProgramAssociation", students, lambda s: (
        f"<ProgramReference><ProgramIdentity><ProgramName>{escape(program)}</ProgramName>"
        f"<ProgramType>{_d('ProgramType', program)}</ProgramType></ProgramIdentity></ProgramReference>"
        "<BeginDate>2024-08-26</BeginDate>"
    ))


def edfi_food_service_xml(students: Sequence[Student]) -> bytes:
    """StudentSchoolFoodServiceProgramAssociation with Free Lunch / Reduced Price Lunch / Full Price Lunch."""
    service = {"FDC": "Free Lunch", "RDC": "Reduced Price Lunch", "P": "Full Price Lunch"}
    element = "SchoolFoodServiceProgramService"
    return _associations("InterchangeStudentProgram", "StudentSchoolFoodServiceProgramAssociation", students,
                         lambda s: f"<{element}><{element}>{_d(element, service[s.lunch])}</{element}></{element}>")


def edfi_health_xml(students: Sequence[Student]) -> bytes:
    """StudentHealth: required immunizations with dates."""
    return _associations("InterchangeStudentHealth", "StudentHealth", students, lambda s: (
        f"<AsOfDate>2024-09-01</AsOfDate><RequiredImmunization><ImmunizationType>{_d('ImmunizationType', 'MMR')}"
        "</ImmunizationType><ImmunizationDate>2015-04-02</ImmunizationDate></RequiredImmunization>"
    ))


def edfi_transportation_xml(students: Sequence[Student], *, disability: bool) -> bytes:
    """StudentTransportation: bus number and route, and the public-expense eligibility."""
    eligibility = _d("TransportationPublicExpenseEligibilityType",
                     "Eligible - Disability" if disability else "Eligible - Distance")
    return _associations("InterchangeStudentTransportation", "StudentTransportation", students, lambda s: (
        f"<TransportationPublicExpenseEligibilityType>{eligibility}</TransportationPublicExpenseEligibilityType>"
        f"<StudentBusDetails><BusNumber>{s.route}</BusNumber><BusRoute>{s.route}</BusRoute></StudentBusDetails>"
    ))


def edfi_discipline_xml(students: Sequence[Student]) -> bytes:
    """InterchangeStudentDiscipline: one DisciplineAction per student, with its descriptor."""
    actions = ("In School Suspension", "Out of School Suspension", "Detention")
    return _associations("InterchangeStudentDiscipline", "DisciplineAction", students, lambda s: (
        f"<DisciplineActionIdentifier>DA-{s.local_id}</DisciplineActionIdentifier><Discipline><DisciplineDescriptor>"
        f"{_d('Discipline', actions[int(s.local_id) % 3])}</DisciplineDescriptor></Discipline>"
        "<DisciplineDate>2024-10-01</DisciplineDate>"
    ))


def edfi_school_calendar_xml(days: int) -> bytes:
    """InterchangeEducationOrgCalendar: calendar dates, no people at all."""
    out = [
        f"<CalendarDate><Date>2024-09-{1 + d % 28:02d}</Date><CalendarEvent>{_d('CalendarEvent', 'Instructional day')}"
        f"</CalendarEvent></CalendarDate>"
        for d in range(days)
    ]
    return _xml("InterchangeEducationOrgCalendar", out)


def edfi_students_json(students: Sequence[Student]) -> bytes:
    """The Ed-Fi API's /ed-fi/students answer: an array of resources."""
    return json.dumps(
        [
            {
                "id": uuid.UUID(int=i + 7).hex,
                "studentUniqueId": s.state_id,
                "firstName": s.first,
                "lastSurname": s.last,
                "birthDate": s.dob.isoformat(),
                "birthSexDescriptor": _d("Sex", "Female" if s.gender == "F" else "Male"),
            }
            for i, s in enumerate(students)
        ]
    ).encode()


def edfi_program_json(students: Sequence[Student], program: str) -> bytes:
    """/ed-fi/studentProgramAssociations: references only, the program in a descriptor."""
    return json.dumps(
        [
            {
                "beginDate": "2024-08-26",
                "programReference": {"programName": program, "programTypeDescriptor": _d("ProgramType", program)},
                "studentReference": {"studentUniqueId": s.state_id},
            }
            for s in students
        ]
    ).encode()


def edfi_edorg_associations_json(students: Sequence[Student]) -> bytes:
    """/ed-fi/studentEducationOrganizationAssociations: addresses, races and characteristics, nested."""
    return json.dumps(
        [
            {
                "educationOrganizationReference": {"educationOrganizationId": 255901},
                "studentReference": {"studentUniqueId": s.state_id},
                "sexDescriptor": _d("Sex", "Female" if s.gender == "F" else "Male"),
                "addresses": [{"addressTypeDescriptor": _d("AddressType", "Home"), "city": s.city,
                               "postalCode": s.zip, "streetNumberName": s.street}],
                "races": [{"raceDescriptor": _d("Race", "Asian")}],
                "studentCharacteristics": [{"studentCharacteristicDescriptor": _d(
                    "StudentCharacteristic", "Homeless" if i % 4 == 0 else "Economic Disadvantaged")}],
            }
            for i, s in enumerate(students)
        ]
    ).encode()


ONEROSTER_USERS = (
    "sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username", "userIds",
    "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades",
    "password",
)  # fmt: skip
ONEROSTER_DEMOGRAPHICS = (
    "sourcedId", "status", "dateLastModified", "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
    "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces",
    "hispanicOrLatinoEthnicity", "countryOfBirthCode", "stateOfBirthAbbreviation", "cityOfBirth",
    "publicSchoolResidenceStatus",
)  # fmt: skip


def oneroster_users(students: Sequence[Student], teachers: int, *, passwords: bool) -> bytes:
    rows: list[list[object]] = []
    for s in students:
        password = f"Tiger{s.local_id[-4:]}!" if passwords else ""
        rows.append([_sid(s), "active", "2024-08-20", "true", "org-1", "student", f"{s.local_id}@stu.example.org", "",
                     s.first, s.last, s.middle, s.local_id, "", "", "", "", s.grade_code, password])
    for t in range(teachers):
        rows.append([f"t-{t:04d}", "active", "2024-08-20", "true", "org-1", "teacher", f"teacher{t}@example.org", "",
                     *_adult(t), "", f"T{t:05d}", f"teacher{t}@example.org", "",
                     "", "", "", "Welcome2024!" if passwords else ""])
    return delimited.table(ONEROSTER_USERS, rows)  # type: ignore[arg-type]


def oneroster_demographics(students: Sequence[Student]) -> bytes:
    rows = [
        [_sid(s), "active", "2024-08-20", s.dob.isoformat(), "female" if s.gender == "F" else "male",
         "false", "false", "false", "false", "true" if i % 2 else "false", "false",
         "true" if i % 2 == 0 else "false", "US", s.state, s.city, ""]
        for i, s in enumerate(students)
    ]  # fmt: skip
    return delimited.table(ONEROSTER_DEMOGRAPHICS, rows)  # type: ignore[arg-type]


def oneroster_enrollments(students: Sequence[Student]) -> bytes:
    header = ("sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role",
              "primary", "beginDate", "endDate")
    rows = [[f"e-{i}", "active", "2024-08-20", "class-1", "org-1", _sid(s), "student", "false", "2024-08-26", ""]
            for i, s in enumerate(students)]
    return delimited.table(header, rows)  # type: ignore[arg-type]


def oneroster_bundle_zip(students: Sequence[Student], teachers: int, *, passwords: bool) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.csv", "propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\n")
        z.writestr("users.csv", oneroster_users(students, teachers, passwords=passwords))
        z.writestr("demographics.csv", oneroster_demographics(students))
        z.writestr("enrollments.csv", oneroster_enrollments(students))
    return buffer.getvalue()


def sds_v1_students(students: Sequence[Student]) -> bytes:
    header = ("SIS ID", "School SIS ID", "First Name", "Last Name", "Username", "Password", "Grade", "State ID",
              "Birthdate", "ELL Status")
    rows = [[s.local_id, s.school_number, s.first, s.last, f"{s.local_id}@stu.example.org", f"Sun{s.local_id[-3:]}#",
             s.grade_code, s.state_id, s.dob.isoformat(), "Y" if s.ell else "N"] for s in students]
    return delimited.table(header, rows)  # type: ignore[arg-type]


def sds_v1_teachers(count: int) -> bytes:
    header = ("SIS ID", "School SIS ID", "First Name", "Last Name", "Username", "Teacher Number", "Status")
    rows = [[f"T{t:05d}", 101, *_adult(t), f"teacher{t}@example.org", t, "Active"]
            for t in range(count)]
    return delimited.table(header, rows)  # type: ignore[arg-type]


def sds_users(students: Sequence[Student], staff: int, *, role_column: bool = True) -> bytes:
    """users.csv as districts export it for SDS v2/v2.1: students and staff together, told apart by `role`."""
    header = ["sourcedId", "username", "givenName", "familyName", "password", "email", "phone", "grade"]
    if role_column:
        header.insert(4, "role")
    rows: list[list[object]] = []
    for s in students:
        row: list[object] = [s.local_id, f"{s.local_id}@stu.example.org", s.first, s.last, f"Rain{s.local_id[-3:]}",
                             "", "", s.grade_code]
        if role_column:
            row.insert(4, "student")
        rows.append(row)
    for t in range(staff):
        role = ("teacher", "administrator", "aide", "counselor")[t % 4]
        row = [f"S{t:05d}", f"staff{t}@example.org", *_adult(t), "", f"staff{t}@example.org",
               "", ""]
        if role_column:
            row.insert(4, role)
        rows.append(row)
    return delimited.table(header, rows)  # type: ignore[arg-type]


def sds_roles(students: Sequence[Student], staff: int) -> bytes:
    header = ("userSourcedId", "orgSourcedId", "role", "sessionSourcedIds", "grade", "isPrimary", "roleStartDate",
              "roleEndDate")
    rows: list[list[object]] = [[s.local_id, "org-1", "student", "", s.grade_code, "true", "", ""] for s in students]
    rows += [[f"S{t:05d}", "org-1", "teacher", "", "", "true", "", ""] for t in range(staff)]
    return delimited.table(header, rows)  # type: ignore[arg-type]


def sds_demographics(students: Sequence[Student]) -> bytes:
    """SDS v2.1 demographics.csv: IDs, birth date, sex, race flags and birth place; no names."""
    header = ("userSourcedId", "birthDate", "sex", "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican",
              "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces",
              "hispanicOrLatinoEthnicity", "cityOfBirth", "stateOfBirthAbbreviation")
    rows = [[s.local_id, s.dob.isoformat(), s.gender, "false", "true" if i % 3 == 0 else "false", "false", "false",
             "true" if i % 3 else "false", "false", "false", s.city, s.state] for i, s in enumerate(students)]
    return delimited.table(header, rows)  # type: ignore[arg-type]
