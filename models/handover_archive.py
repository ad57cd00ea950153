"""The hand-over archive: which records it carries, in which order they load, and how it is checked.

When the project ends, a successor takes the records over into a database of its own. The archive
is a ZIP with one CSV per model in Odoo's import format (column ``id`` and ``field/id`` links by
external id), the attachment files, and ``manifest.json`` with the row count and SHA-256 of every
file. Users and companies are not copied: ``references.csv`` names them by login and name, and the
import resolves them in the target database.

The functions here know the ORM's models and fields but write nothing; the wizards
``district.handover.export`` and ``district.handover.import`` do the writing.
"""

import csv
import hashlib
import io
import json
import zipfile

MODULE = "district_economy"
FORMAT = "district_economy.handover"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
REFERENCES_FILE = "references.csv"
ATTACHMENTS_FILE = "attachments.csv"
REFERENCES_HEADER = ["id", "model", "key_type", "key"]
ATTACHMENTS_HEADER = [
    "id",
    "name",
    "res_model",
    "res_id",
    "res_field",
    "type",
    "url",
    "mimetype",
    "description",
    "file",
]
# External ids of the users, companies and their partners an archive refers to (see references.csv);
# they exist in the target database only while the import runs.
REFERENCE_MODULE = "__handover__"
# External ids that belong to no module's data: made by exports and imports.
GENERATED_MODULES = ("__export__", "__import__", REFERENCE_MODULE)

# Users and companies (and their partners) are referred to by login and name, never copied. A link to a
# record of any other model the archive does not carry (a country, an event stage, a question of the
# shipped questionnaire) travels as the external id of the module that ships it; one without (a country
# state typed in by hand) is left out.
# Records of other modules the district works with, and the fields of theirs that it carries
# (besides the fields this addon adds to them).
FOREIGN_MODEL_FIELDS = {
    "res.partner.industry": ("name", "full_name", "active"),
    "res.partner.category": ("name", "color", "parent_id", "active"),
    "res.partner": (
        "name",
        "is_company",
        "type",
        "parent_id",
        "ref",
        "lang",
        "tz",
        "vat",
        "company_registry",
        "website",
        "comment",
        "function",
        "street",
        "street2",
        "zip",
        "city",
        "state_id",
        "country_id",
        "email",
        "phone",
        "active",
        "category_id",
        "industry_id",
        "company_id",
        "user_id",
        "partner_latitude",
        "partner_longitude",
        "date_localization",
    ),
    "event.event": (
        "name",
        "note",
        "description",
        "active",
        "user_id",
        "company_id",
        "organizer_id",
        "address_id",
        "stage_id",
        "kanban_state",
        "seats_max",
        "seats_limited",
        "date_tz",
        "date_begin",
        "date_end",
        "event_url",
        "lang",
    ),
    "event.registration": (
        "event_id",
        "partner_id",
        "name",
        "email",
        "phone",
        "company_name",
        "date_closed",
        "state",
        "active",
    ),
    # The answers given in a district visit (its questionnaire is shipped data).
    "survey.user_input": (
        "survey_id",
        "start_datetime",
        "end_datetime",
        "deadline",
        "state",
        "test_entry",
        "access_token",
        "invite_token",
        "partner_id",
        "email",
        "nickname",
        "predefined_question_ids",
        "last_displayed_page_id",
        "survey_first_submitted",
        "is_session_answer",
    ),
    "survey.user_input.line": (
        "user_input_id",
        "question_id",
        "skipped",
        "answer_type",
        "value_char_box",
        "value_numerical_box",
        "value_scale",
        "value_date",
        "value_datetime",
        "value_text_box",
        "suggested_answer_id",
        "matrix_row_id",
    ),
}
# Logs of what the source office's staff did there: they stay with the source database, which keeps
# them for its own accountability, and they name users the successor does not have.
NOT_TRANSFERRED_MODELS = frozenset({"district.handover.log", "district.privacy.log"})
# Preferred load order: reference data, then the businesses, then what refers to them. Models not
# listed (added later) load after these, each after the models its required links point to.
MODEL_ORDER = (
    "res.partner.industry",
    "res.partner.category",
    "district.language",
    "district.borough",
    "district.quarter",
    "district.programme.area",
    "district.population",
    "district.address.rule",
    "district.consultation.topic",
    "district.premises.use.type",
    "district.settlement.stage",
    "district.settlement.lost.reason",
    "district.funding.programme",
    "district.target",
    "res.partner",
    "district.consent",
    "district.consultation",
    "district.referral",
    "district.premises",
    "district.premises.vacancy",
    "district.settlement",
    "district.settlement.proposal",
    "district.funding",
    "district.funding.payment",
    "district.business.event",
    "event.event",
    "event.registration",
    "survey.user_input",
    "survey.user_input.line",
    "district.monitoring.snapshot",
    "district.monitoring.snapshot.line",
)
MAGIC_FIELDS = frozenset({"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"})
# Links by database id to a record of any model, and values without an import format.
SKIPPED_FIELD_TYPES = frozenset(
    {"one2many", "reference", "many2one_reference", "properties", "properties_definition", "json"}
)


class ArchiveProblem(Exception):
    """Why an archive is refused: ``code`` and ``values`` for the user's message."""

    def __init__(self, code, **values):
        super().__init__(code)
        self.code = code
        self.values = values


class HandoverMode:
    """The value of the context key ``district_handover`` while a verified archive loads.

    Only server code holds this object: a context sent over the API carries JSON values, so no
    client can switch the hand-over mode on (and with it, create final reports).
    """

    __slots__ = ()

    def __repr__(self):
        return "<district hand-over mode>"


HANDOVER_MODE = HandoverMode()


def in_handover(env):
    """Whether ``env`` loads a verified hand-over archive: what the addon writes by itself on creation
    (opening events, vacancy periods dated today, ...) is then carried by the archive instead."""
    return env.context.get("district_handover") is HANDOVER_MODE


# ----------------------------------------------------------------------
# What is carried
# ----------------------------------------------------------------------
def carried_models(env):
    """Names of the models an archive carries, in load order."""
    names = {name for name in FOREIGN_MODEL_FIELDS if name in env.registry}
    for name in env.registry:
        model = env[name]
        if (
            name.startswith("district.")
            and not model._abstract
            and not model._transient
            and model._auto
            and name not in NOT_TRANSFERRED_MODELS
        ):
            names.add(name)
    return load_order(env, names)


def load_order(env, names):
    """``names`` in the order of MODEL_ORDER, each after the models its required links point to."""
    rank = {name: index for index, name in enumerate(MODEL_ORDER)}
    ordered = []

    def visit(name, path):
        if name in ordered:
            return
        if name in path:
            raise ValueError(f"required links of {name} form a cycle")
        for field in env[name]._fields.values():
            comodel = field.comodel_name
            if field.type == "many2one" and field.store and field.required and comodel in names and comodel != name:
                visit(comodel, path | {name})
        ordered.append(name)

    for name in sorted(names, key=lambda name: (rank.get(name, len(rank)), name)):
        visit(name, frozenset())
    return ordered


def carried_fields(env, model_name):
    """Names of the fields of ``model_name`` that an archive carries.

    Stored values a user or the addon set; not what the target database derives by itself
    (related fields, computed fields nobody can set, totals kept by an inverse, which would
    otherwise be written twice), nor files (attachments travel as files).
    """
    model = env[model_name]
    allowed = FOREIGN_MODEL_FIELDS.get(model_name)
    names = []
    for name, field in model._fields.items():
        if name in MAGIC_FIELDS or not field.store or field.related or field.type in SKIPPED_FIELD_TYPES:
            continue
        if field.compute and (field.inverse or (field.readonly and not field.precompute)):
            continue
        if field.type == "binary" and field.attachment:
            continue
        if allowed is not None and name not in allowed and field._module != MODULE:
            continue
        names.append(name)
    return names


def archive_spec(env):
    """[(model name, [field names])] in load order.

    A many2many stored on both sides (a programme area's quarters, a quarter's programme areas)
    is carried on the side that loads first.
    """
    carried = carried_models(env)
    relations = set()
    spec = []
    for model_name in carried:
        names = []
        for name in carried_fields(env, model_name):
            field = env[model_name]._fields[name]
            if field.type == "many2many":
                if field.relation in relations:
                    continue
                relations.add(field.relation)
            names.append(name)
        spec.append((model_name, names))
    return spec


def column_name(field):
    return f"{field.name}/id" if field.relational else field.name


def field_of_column(model, column):
    """The field a column of the archive fills, or None if the model has no such stored field."""
    relational = column.endswith("/id")
    field = model._fields.get(column[:-3] if relational else column)
    if field is None or not field.store or field.relational != relational:
        return None
    return field


def deferred_columns(env, model_name, columns, carried, loaded_before):
    """Columns loaded in a second pass, once every record the archive ``carried`` exists.

    A link to a model loaded later (or to the model itself, as the two halves of a move point to
    each other) cannot resolve while the record is created; neither can one to an attachment,
    which is created after the records it belongs to. A record's parent is the exception: the
    archive lists parents before their children.
    """
    model = env[model_name]
    deferred = []
    for column in columns:
        field = field_of_column(model, column)
        if not field or not field.relational:
            continue
        comodel = field.comodel_name
        if comodel not in carried and comodel != "ir.attachment":
            continue  # exists here already (shipped, or referred to by login or name)
        if comodel == model_name and field.name == model._parent_name:
            continue
        if comodel in ("ir.attachment", model_name) or comodel not in loaded_before:
            if field.required:
                raise ValueError(f"{model_name}.{field.name} is required but cannot load before {comodel}")
            deferred.append(column)
    return deferred


# ----------------------------------------------------------------------
# Files
# ----------------------------------------------------------------------
def sha256(data):
    return hashlib.sha256(data).hexdigest()


def csv_bytes(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def csv_rows(data, path):
    """(header, rows) of a CSV file of the archive."""
    try:
        table = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error) as error:
        raise ArchiveProblem("bad_csv", path=path, error=str(error)) from error
    if not table:
        raise ArchiveProblem("bad_csv", path=path, error="empty file")
    header, rows = table[0], table[1:]
    if any(len(row) != len(header) for row in rows):
        raise ArchiveProblem("bad_csv", path=path, error="rows of different lengths")
    return header, rows


def read_archive(data):
    """The manifest and the files of an archive, every file checked against the manifest.

    Raises ArchiveProblem for anything missing, altered or unexpected: nothing is written
    before the whole archive has passed.
    """
    files = _unzip(data)
    manifest = _manifest(files)
    listed = manifest["files"]
    missing = sorted(set(listed) - set(files))
    if missing:
        raise ArchiveProblem("missing_files", files=missing)
    unexpected = sorted(set(files) - set(listed))
    if unexpected:
        raise ArchiveProblem("unexpected_files", files=unexpected)
    for path, expected in sorted(listed.items()):
        if not isinstance(expected, dict) or sha256(files[path]) != expected.get("sha256"):
            raise ArchiveProblem("checksum", path=path)
    tables = {}
    for entry in manifest["models"] + [manifest.get("references"), manifest.get("attachments")]:
        if not isinstance(entry, dict) or entry.get("file") not in files:
            raise ArchiveProblem("bad_manifest", error="a table is not among the files")
        header, rows = csv_rows(files[entry["file"]], entry["file"])
        if len(rows) != entry.get("rows"):
            raise ArchiveProblem("row_count", path=entry["file"], expected=entry.get("rows"), found=len(rows))
        tables[entry["file"]] = (header, rows)
    return manifest, files, tables


def _unzip(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise ArchiveProblem("not_zip") from error


def _manifest(files):
    """The manifest, taken out of ``files``."""
    if MANIFEST not in files:
        raise ArchiveProblem("no_manifest")
    try:
        manifest = json.loads(files.pop(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ArchiveProblem("bad_manifest", error=str(error)) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveProblem("bad_manifest", error="not a hand-over manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveProblem("format_version", version=manifest.get("format_version"))
    if not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("models"), list):
        raise ArchiveProblem("bad_manifest", error="no list of files")
    return manifest


def write_archive(manifest, files):
    """The ZIP of ``files`` ({path: bytes}) with the manifest, its checksums filled in."""
    manifest = dict(manifest, files={path: {"sha256": sha256(data), "size": len(data)} for path, data in files.items()})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True))
        for path, data in files.items():
            archive.writestr(path, data)
    return buffer.getvalue()
