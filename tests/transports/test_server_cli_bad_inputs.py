"""``mockmessenger serve`` with an address it cannot listen on: the option at fault is named."""

from __future__ import annotations

import pytest

from mockmessenger.cli import main


@pytest.mark.parametrize("host", ["999.1.1.1", "nosuchhost.invalid"])
def test_a_host_that_cannot_be_bound_blames_host_not_port(capsys, host):
    code = main(["serve", "--host", host, "--port", "0", "--bot-url", "http://127.0.0.1:9/x"])
    err = capsys.readouterr().err
    assert code == 2
    assert "[--host] cannot listen on" in err and "[--port]" not in err
    assert "Traceback" not in err
