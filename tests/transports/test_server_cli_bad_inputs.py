"""``mockmessenger serve`` with an address it cannot listen on: the option and address are named."""

from __future__ import annotations

import socket

import pytest

from mockmessenger.cli import main
from mockmessenger.errors import InputProblem


@pytest.mark.parametrize("host", ["999.1.1.1", "nosuchhost.invalid"])
def test_a_host_that_cannot_be_bound_blames_host_not_port(capsys, host):
    code = main(["serve", "--host", host, "--port", "0", "--bot-url", "http://127.0.0.1:9/x"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"[--host] cannot listen on {host}:0" in err and "[--port]" not in err
    assert "Traceback" not in err


def test_a_busy_port_is_named_with_its_address_unmasked(capsys):
    """An address is no financial value: the masking of error messages leaves it whole."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--port", str(port), "--no-guard"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"[--port] cannot listen on 127.0.0.1:{port}: " in err and "•" not in err


def test_a_host_that_could_be_a_card_number_stays_masked(capsys):
    code = main(["serve", "--host", "4111111111111111", "--port", "0", "--no-guard"])
    err = capsys.readouterr().err
    assert code == 2 and "[--host] cannot listen on" in err
    assert "4111111111111111" not in err and "1111" not in err


def test_only_the_verbatim_part_of_a_problem_is_left_unmasked():
    problem = InputProblem(
        "cannot listen on 10.200.30.4:8931 for card 4111 1111 1111 1111",
        verbatim=("10.200.30.4:8931",),
    )
    assert problem.message.startswith("cannot listen on 10.200.30.4:8931 for card ")
    assert "4111" not in problem.message and "•••• •••• •••• ••••" in problem.message
