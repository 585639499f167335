"""FHIR: reading R4 medication resources (NDJSON, Bundle, one resource, gzip), text against
structure, and the R4 Dosages ldnclass writes, validated with fhir.resources (tests only)."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ldnclass import classify, load_regimens
from ldnclass.cli import app
from ldnclass.errors import ExitCode
from ldnclass.fhir import dosages, read_fhir, structured_sig

SAMPLES = Path(__file__).resolve().parent / "fhir"
runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "160", "LDNCLASS_REGIMENS": None})


def _outcomes(name: str) -> dict[str, Any]:
    data = load_regimens()
    with (SAMPLES / name).open("rb") as stream:
        return {outcome.resource: outcome for outcome in read_fhir(stream, data)}


# --- reading -------------------------------------------------------------------------------


def test_synthea_style_counts_read_with_their_rxnorm_product() -> None:
    found = _outcomes("synthea.ndjson")
    tablet = found["MedicationRequest/syn-1"]
    assert (tablet.medication, tablet.structured_sig, tablet.result.dose_class) == (
        "RxCUI 1483744",
        "1 tablet daily",
        "HDN",
    )
    assert tablet.result.daily_dose_mg == 50
    assert tablet.agree is None  # no text: nothing to agree with
    contrave = found["MedicationRequest/syn-2"]
    assert (contrave.result.daily_dose_mg, contrave.result.regimen) == (32, "naltrexone-bupropion")
    injection = found["MedicationRequest/syn-3"]
    assert (injection.result.route, injection.result.dose_mg, injection.result.regimen) == (
        "injectable",
        380,
        "xr-injectable",
    )
    assert injection.result.label_status == "labeled"
    # A code the data file does not list: its display text is read; with no text, unknown-product.
    assert found["MedicationRequest/syn-4"].result.daily_dose_mg == 4.5
    assert found["MedicationRequest/syn-5"].result.error.code == "unknown-product"
    assert found["Patient/7c2b1b4e-0001"].result.error.code == "unsupported-resource"
    assert found["(line 7)"].result.error.code == "unreadable-resource"


def test_ehr_style_text_and_structure_are_compared() -> None:
    found = _outcomes("ehr.ndjson")
    agree = {name.split("/")[-1]: outcome.agree for name, outcome in found.items()}
    assert agree["ehr-agree"] is True
    assert agree["ehr-disagree"] is False  # "1.5 mg qhs" against a structured 15 mg a day
    assert agree["ehr-statement"] is None  # text only
    assert agree["ehr-dispense"] is True  # a contained Medication's ingredient strength
    assert agree["ehr-r5"] is True  # R5 medication.concept with an NDC, IM route
    assert agree["ehr-prn"] is True
    disagree = found["MedicationRequest/ehr-disagree"]
    assert (disagree.result.daily_dose_mg, disagree.structured.daily_dose_mg) == (1.5, 15)
    assert found["MedicationRequest/ehr-titration"].result.steps
    assert found["MedicationRequest/ehr-missing-med"].result.error.code == "unknown-product"
    assert found["MedicationRequest/ehr-no-dosage"].result.error.code == "no-dose"
    assert found["(line 9)"].result.error.code == "unreadable-resource"


def test_nothing_is_lost_and_order_is_kept() -> None:
    lines = (SAMPLES / "ehr.ndjson").read_bytes().splitlines()
    outcomes = list(read_fhir(io.BytesIO(b"\n".join(lines)), load_regimens()))
    assert len(outcomes) == len(lines)  # one dosage each here, and one line per failure
    ids = [json.loads(line).get("id") for line in lines]
    assert [o.resource.split("/")[-1] if "/" in o.resource else "no-type" for o in outcomes] == ids


def test_a_bundle_resolves_references_by_full_url_and_by_id() -> None:
    found = _outcomes("bundle.json")
    assert list(found) == ["MedicationRequest/bundle-1", "MedicationRequest/bundle-2"]  # the Medication gives no line
    assert found["MedicationRequest/bundle-1"].medication == "naltrexone 3 mg capsule"
    assert found["MedicationRequest/bundle-1"].agree is True
    assert found["MedicationRequest/bundle-2"].agree is False  # 2 capsules of 3 mg against 3 mg
    assert found["MedicationRequest/bundle-2"].patient == "Patient/b2"


def test_one_resource_and_gzip_read_like_the_rest() -> None:
    data = load_regimens()
    single = json.loads((SAMPLES / "ehr.ndjson").read_text().splitlines()[0])
    pretty = json.dumps(single, indent=2).encode()
    (outcome,) = read_fhir(io.BytesIO(pretty), data)
    assert outcome.agree is True
    plain = [o.to_dict() for o in read_fhir(io.BytesIO((SAMPLES / "ehr.ndjson").read_bytes()), data)]
    zipped = [o.to_dict() for o in read_fhir(io.BytesIO(gzip.compress((SAMPLES / "ehr.ndjson").read_bytes())), data)]
    assert zipped == plain


@pytest.mark.parametrize(
    ("dosage", "sig"),
    [
        ({"doseAndRate": [{"doseQuantity": {"value": 4.5, "code": "mg"}}]}, "4.5 mg"),
        ({"doseAndRate": [{"doseQuantity": {"value": 4500, "unit": "ug"}}]}, "4500 mcg"),
        (
            {
                "timing": {"repeat": {"frequency": 3, "period": 1, "periodUnit": "d"}},
                "doseAndRate": [{"doseQuantity": {"value": 1.5, "code": "mg"}}],
            },
            "1.5 mg 3 times daily",
        ),
        (
            {
                "timing": {"repeat": {"frequency": 1, "period": 8, "periodUnit": "h"}},
                "doseAndRate": [{"doseQuantity": {"value": 1, "code": "mg"}}],
            },
            "1 mg 3 times daily",
        ),
        (
            {
                "timing": {"repeat": {"frequency": 1, "period": 2, "periodUnit": "d"}},
                "doseAndRate": [{"doseQuantity": {"value": 100, "code": "mg"}}],
            },
            "100 mg every 2 days",
        ),
        (
            {
                "timing": {"repeat": {"frequency": 1, "period": 12, "periodUnit": "h"}},
                "doseAndRate": [{"doseRange": {"low": {"value": 1, "code": "mg"}, "high": {"value": 2, "code": "mg"}}}],
            },
            "1-2 mg 2 times daily",
        ),
        ({"asNeededBoolean": True, "doseAndRate": [{"doseQuantity": {"value": 1, "code": "mg"}}]}, "1 mg prn"),
        ({"text": "4.5 mg qhs"}, None),
    ],
)
def test_the_structure_is_written_as_a_plain_sig(dosage: dict[str, Any], sig: str | None) -> None:
    assert structured_sig(dosage, None, load_regimens()) == sig


@pytest.mark.parametrize(
    "dosage",
    [
        {
            "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "a"}},
            "doseAndRate": [{"doseQuantity": {"value": 1, "code": "mg"}}],
        },
        {
            "timing": {"repeat": {"frequency": 5, "period": 7, "periodUnit": "d"}},
            "doseAndRate": [{"doseQuantity": {"value": 1, "code": "mg"}}],
        },
        {"doseAndRate": [{"doseQuantity": {"value": 1, "code": "mmol"}}]},
        {"doseAndRate": [{"doseQuantity": {"code": "mg"}}]},
    ],
)
def test_a_structure_it_cannot_write_is_an_error_never_a_guess(dosage: dict[str, Any]) -> None:
    from ldnclass.errors import DoseError

    with pytest.raises(DoseError):
        structured_sig(dosage, None, load_regimens())


# --- the command ---------------------------------------------------------------------------


def test_the_command_writes_json_lines_and_exits_1_on_unreadable_resources() -> None:
    result = runner.invoke(app, ["fhir", str(SAMPLES / "ehr.ndjson")])
    assert result.exit_code == ExitCode.UNCLASSIFIED
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert objects[1]["resource"] == "MedicationRequest/ehr-disagree"
    assert objects[1]["fhir_agree"] is False and objects[1]["structured"]["daily_dose_mg"] == 15
    assert {"resource", "patient", "dosage_index", "class", "daily_dose_mg", "structured_sig", "fhir_agree"} <= set(
        objects[0]
    )


def test_the_command_reads_stdin_gzipped_and_writes_csv_and_table() -> None:
    zipped = gzip.compress((SAMPLES / "bundle.json").read_bytes())
    result = runner.invoke(app, ["fhir", "-", "-f", "csv"], input=zipped)
    assert result.exit_code == ExitCode.OK, result.stderr
    rows = list(csv_reader(result.stdout))
    assert rows[0][:7] == ["resource", "patient", "dosage_index", "medication", "text", "structured_sig", "fhir_agree"]
    assert [row[6] for row in rows[1:]] == ["true", "false"]
    table = runner.invoke(app, ["fhir", str(SAMPLES / "ehr.ndjson"), "-f", "table"])
    assert "NO" in table.stdout and "ehr-disagree" in table.stdout


def csv_reader(text: str) -> Any:
    import csv

    return csv.reader(io.StringIO(text, newline=""))


def test_the_runtime_does_not_load_a_fhir_model_library() -> None:
    code = (
        "import sys; from ldnclass.fhir import read_fhir, dosages; from ldnclass import classify; "
        "dosages(classify('4.5 mg qhs')); print([m for m in sys.modules if m.startswith('fhir')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- writing Dosages, validated against the R4 models ------------------------------------------

fhir_resources = pytest.importorskip("fhir.resources.R4B.dosage")

SIGS = [
    "4.5 mg qhs",
    "2.25 mg bid",
    "100 mg every other day",
    "1.5-4.5 mg qhs",
    "4.5 mg qhs prn",
    "1.5 mg qhs x 7 days, then 3 mg qhs x 7 days, then 4.5 mg qhs",
    "start 0.5 mg nightly, increase by 0.5 mg weekly to 4.5 mg",
    "50 mg Mon-Fri and 100 mg Sat",
    "Vivitrol 380 mg IM q4 weeks",
    "naltrexone 1% cream apply bid",
    "50 mg weekly",
]


@pytest.mark.parametrize("sig", SIGS)
def test_every_dosage_written_is_valid_r4(sig: str) -> None:
    result = classify(sig)
    assert result.ok, result.error
    written = dosages(result)
    assert written
    for dosage in written:
        model = fhir_resources.Dosage.model_validate(dosage)
        assert json.loads(model.model_dump_json(exclude_none=True)) == dosage  # nothing dropped or changed


def test_the_dosage_says_what_the_result_says() -> None:
    (single,) = dosages(classify("2.25 mg bid"))
    assert single["timing"]["repeat"] == {"frequency": 2, "period": 1, "periodUnit": "d"}
    assert single["doseAndRate"] == [
        {"doseQuantity": {"value": 2.25, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}}
    ]
    assert single["route"]["coding"][0]["code"] == "26643006"
    (every_other,) = dosages(classify("100 mg every other day"))
    assert every_other["timing"]["repeat"] == {"frequency": 1, "period": 2, "periodUnit": "d"}
    (span,) = dosages(classify("1.5-4.5 mg qhs"))
    assert [span["doseAndRate"][0]["doseRange"][end]["value"] for end in ("low", "high")] == [1.5, 4.5]
    (prn,) = dosages(classify("4.5 mg qhs prn"))
    assert prn["asNeededBoolean"] is True and prn["maxDosePerPeriod"]["numerator"]["value"] == 4.5
    (weekly,) = dosages(classify("50 mg Mon-Fri and 100 mg Sat"))
    assert "doseAndRate" not in weekly and "timing" not in weekly  # the text says it; no false structure
    (injection,) = dosages(classify("Vivitrol 380 mg IM q4 weeks"))
    assert injection["route"]["coding"][0]["code"] == "78421000"
    assert dosages(classify("4.5")) == []


def test_a_titration_is_one_dosage_per_step_with_sequence_and_duration() -> None:
    steps = dosages(classify("1.5 mg qhs x 7 days, then 3 mg qhs x 7 days, then 4.5 mg qhs"))
    assert [step["sequence"] for step in steps] == [1, 2, 3]
    assert [step["doseAndRate"][0]["doseQuantity"]["value"] for step in steps] == [1.5, 3, 4.5]
    assert [step["timing"]["repeat"].get("boundsDuration", {}).get("value") for step in steps] == [7, 7, None]
    assert not steps[0]["text"].endswith(",")


def test_batch_format_fhir_writes_valid_dosages_per_row() -> None:
    data = 'id,sig\n1,4.5 mg qhs\n2,"1.5 mg qhs x 7 days, then 3 mg qhs"\n3,4.5\n'
    result = runner.invoke(app, ["batch", "-", "-f", "fhir"], input=data)
    assert result.exit_code == ExitCode.UNCLASSIFIED
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [len(line["dosage"]) for line in lines] == [1, 2, 0]
    assert lines[2]["error"]["code"] == "no-unit" and lines[2]["row"] == {"id": "3", "sig": "4.5"}
    for line in lines:
        for dosage in line["dosage"]:
            fhir_resources.Dosage.model_validate(dosage)
