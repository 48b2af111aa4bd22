from decimal import Decimal

import pytest

from mockmessenger.scenarios.template import TemplateError, render

CONTEXT = {
    "customer": {
        "cards": [{"last4": "1234", "number": "4111111111111234"}],
        "balance": Decimal("1500.50"),
    },
    "persona": {"first_name": "Layla"},
    "count": 3,
}


def test_text_with_expressions_is_formatted():
    assert render("Hi {{ persona.first_name }}, card {{ customer.cards[0].last4 }}", CONTEXT) == (
        "Hi Layla, card 1234"
    )


def test_a_whole_expression_keeps_its_type():
    assert render("{{ count }}", CONTEXT) == 3
    assert render("  {{ customer.balance }} ", CONTEXT) == 1500.5
    assert render("n={{ count }}", CONTEXT) == "n=3"


def test_filters_format_values():
    assert render("{{ customer.cards[0].last4 | arabic_digits }}", CONTEXT) == "١٢٣٤"
    assert render("{{ customer.cards[0].number | spaced }}", CONTEXT) == "4111 1111 1111 1234"
    assert (
        render("{{ customer.cards[0].number | dashed | arabic_digits }}", CONTEXT).count("-") == 3
    )
    assert render("{{ customer.balance | money }}", CONTEXT) == "1,500.50"


def test_lists_and_mappings_render_recursively():
    assert render({"a": ["{{ count }}", {"b": "x{{ count }}"}]}, CONTEXT) == {"a": [3, {"b": "x3"}]}


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ customer.cards[9].last4 }}", "customer.cards has 1 item(s), no index 9"),
        ("{{ persona.nmae }}", "persona has no 'nmae'"),
        ("{{ nobody }}", "unknown variable 'nobody'"),
        ("{{ count | shout }}", "unknown filter 'shout'"),
        ("{{ 9lives }}", "is not a variable name"),
    ],
)
def test_bad_templates_name_the_variable(template, message):
    with pytest.raises(TemplateError) as info:
        render(template, CONTEXT)
    assert message in str(info.value)
