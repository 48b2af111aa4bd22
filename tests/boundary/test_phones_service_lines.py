"""Service lines: the quick test on the digits' tails answers as libphonenumber's parse does.

``phones.is_service_number`` parses a number in each of twelve regions only when a tail of its
digits is in some service plan or it starts with an international prefix; these tests compare
it with the parse alone on the example numbers of every plan, with every prefix a caller
dials, and on random digits.
"""

from __future__ import annotations

import random

import phonenumbers
import pytest
from phonenumbers import PhoneNumberType

from mockmessenger.boundary.detectors import phones

_TYPES = (
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.UAN,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE,
)


def parsed_in_every_region(digits: str) -> bool:
    """What ``is_service_number`` answered before its quick test: a parse per region."""
    for region in phones.REGIONS:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and (
            phonenumbers.number_type(number) in phones._SERVICE
        ):
            return True
    return False


def _example_numbers() -> list[str]:
    """Every plan's example number in the regions sharing a calling code with ours and in a
    few others, dialled bare, after ``0``, after its calling code and after ``00``/``011``."""
    codes = {phonenumbers.country_code_for_region(region) for region in phones.REGIONS}
    regions = {r for code in codes for r in phonenumbers.region_codes_for_country_code(code)}
    regions |= {"IT", "AU", "IN", "TR", "LB", "IQ", "MA", "PK"}
    numbers = set()
    for region in sorted(regions):
        for kind in _TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            national = phonenumbers.national_significant_number(example)
            code = str(example.country_code)
            for prefix in ("", "0", "1", code, f"00{code}", f"011{code}"):
                numbers.add(prefix + national)
    return sorted(numbers)


EXAMPLES = _example_numbers()


def test_the_examples_hold_service_lines_and_others() -> None:
    answers = [parsed_in_every_region(n) for n in EXAMPLES]
    assert sum(answers) > 50 and answers.count(False) > 200


@pytest.mark.parametrize("chunk", range(4))
def test_example_numbers_get_the_parse_answer(chunk: int) -> None:
    for number in EXAMPLES[chunk::4]:
        assert phones.is_service_number.__wrapped__(number) == parsed_in_every_region(number), (
            number
        )


def test_random_digits_and_service_prefixes_get_the_parse_answer() -> None:
    rng = random.Random(20261130)
    numbers = ["".join(rng.choices("0123456789", k=rng.randint(6, 16))) for _ in range(300)]
    for prefix in ("800", "920", "18", "600", "7005", "85", "0800", "03", "1800", "0180", "00800"):
        numbers += [prefix + "".join(rng.choices("0123456789", k=rng.randint(3, 10)))]
        numbers += [prefix + "".join(rng.choices("0123456789", k=rng.randint(3, 10)))]
    found = 0
    for number in numbers:
        expected = parsed_in_every_region(number)
        assert phones.is_service_number.__wrapped__(number) == expected, number
        found += expected
    assert found > 0


def test_known_lines_and_account_numbers() -> None:
    assert phones.is_service_number("8001244444")  # Saudi toll-free
    assert phones.is_service_number("920012345")  # Saudi unified number
    assert not phones.is_service_number("33858591794")  # a French premium number: an account
    assert not phones.is_service_number("0112345678")
