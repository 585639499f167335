"""Stop 31: what the stop's attack on batch found in the reading, as the rule it broke, with an oracle."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from test_oracle import FREQUENCIES

from ldnclass import classify, load_regimens
from ldnclass.batch import Batch, BatchOptions

REGIMENS = load_regimens()

# A product whose strength is zero ("naltrexone 0 mg", as a FHIR Medication with a zero
# ingredient strength becomes) was a bug's error: a count of its units divided by that strength
# (ZeroDivisionError) or the day's total fell in no band (LookupError). A zero strength, however
# written, is refused by its own code, whatever the sig.
ZEROS = ["0", "0.0", "0.00", "00", ".0"]
PRODUCTS = [
    "naltrexone {zero} mg",
    "naltrexone {zero} mg tablet",
    "naltrexone {zero} mg capsules",
    "naltrexone hcl {zero} mcg capsule",
    "naltrexone {zero} mg/mL oral solution",
    "naltrexone {zero} mg/ml suspension, 120 mL",
    "naltrexone {zero}% cream",
    "LDN {zero} mg cap",
]
SIGS = [
    "",
    "50 µg",
    "4.5 mg qhs",
    "1 tab",
    "1 cap",
    "2 capsules",
    "1 mL",
    "3 mL",
    "apply",
    "1/2 tab",
    "take as directed",
]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(ZEROS),
    st.sampled_from(PRODUCTS),
    st.sampled_from(SIGS),
    st.sampled_from([("", None), *FREQUENCIES]),
)
def test_a_product_of_zero_strength_is_refused_as_zero_whatever_the_sig(
    zero: str, product: str, sig: str, frequency: tuple[str, object]
) -> None:
    text = f"{sig} {frequency[0]}".strip()
    result = classify(text, REGIMENS, product=product.format(zero=zero))
    assert not result.ok and result.error is not None
    assert result.error.code == "zero-dose", (text, product, result.error)


@given(st.sampled_from(ZEROS), st.integers(1, 90), st.integers(1, 90))
@settings(max_examples=50, deadline=None)
def test_a_record_of_zero_strength_and_its_supply_is_a_row_s_error_not_a_bug(
    zero: str, quantity: int, days: int
) -> None:
    data = f"product,quantity,days_supply\nnaltrexone {zero} mg,{quantity},{days}\n".encode()
    out = io.StringIO()
    summary = Batch(io.BytesIO(data), BatchOptions(), REGIMENS).write_csv(out)
    assert summary.errors() == {"zero-dose": 1}, out.getvalue()
