"""``mockmessenger record --from FILE``: exit codes, output, and clear errors."""

from __future__ import annotations

import json

import yaml

from mockmessenger.cli import main


def _write_flows(path, items, to_flow):
    from mitmproxy import io

    with path.open("wb") as handle:
        writer = io.FlowWriter(handle)
        for item in items:
            writer.add(to_flow(item))


def test_record_from_a_flow_file_writes_a_scrubbed_scenario(tmp_path, samples, capsys):
    source = tmp_path / "traffic.flows"
    _write_flows(source, samples.conversation(), samples.to_flow)
    out = tmp_path / "scenarios" / "recorded.yaml"
    assert main(["record", "--from", str(source), "-o", str(out), "--name", "from flows"]) == 0
    assert "1 conversation(s), 5 step(s)" in capsys.readouterr().out
    text = out.read_text()
    assert yaml.safe_load(text)["name"] == "from flows"
    for real in samples.real_values.values():
        assert real not in text


def test_record_from_a_har_file_prints_the_scenario(tmp_path, samples, capsys):
    source = tmp_path / "traffic.har"
    source.write_text(json.dumps(samples.to_har(samples.conversation())))
    assert main(["record", "--from", str(source)]) == 0
    captured = capsys.readouterr()
    assert yaml.safe_load(captured.out)["steps"][0]["say"] == "hi"
    assert "replaced" in captured.err


def test_malformed_har_exits_2_naming_file_and_field(tmp_path, capsys):
    source = tmp_path / "broken.har"
    source.write_text('{"log": {"entries": [{"request": {"method": "POST"}}]}}')
    assert main(["record", "--from", str(source)]) == 2
    err = capsys.readouterr().err
    assert str(source) in err and "log.entries[0].request.url" in err
    assert "Traceback" not in err


def test_malformed_flow_file_exits_2(tmp_path, capsys):
    source = tmp_path / "broken.flows"
    source.write_bytes(b"5:hello,not really a flow file")
    assert main(["record", "--from", str(source), "-o", str(tmp_path / "out.yaml")]) == 2
    err = capsys.readouterr().err
    assert str(source) in err and "flow file" in err
    assert not (tmp_path / "out.yaml").exists()


def test_traffic_without_a_conversation_exits_2(tmp_path, samples, capsys):
    source = tmp_path / "graph-only.har"
    only_graph = [c for c in samples.conversation() if "graph.facebook.com" in c.url]
    source.write_text(json.dumps(samples.to_har(only_graph)))
    assert main(["record", "--from", str(source)]) == 2
    assert "no conversation" in capsys.readouterr().err


def test_a_recording_with_something_left_fails_loudly_and_writes_nothing(tmp_path, samples, capsys):
    # The scenario name is written as given: a card number in it survives scrubbing,
    # the final scan finds it, and nothing is written.
    source = tmp_path / "traffic.har"
    source.write_text(json.dumps(samples.to_har(samples.conversation())))
    out = tmp_path / "out.yaml"
    name = "customer 4539 1488 0343 6467"
    assert main(["record", "--from", str(source), "-o", str(out), "--name", name]) == 1
    err = capsys.readouterr().err
    assert "NOT written" in err and "card_number" in err
    assert "4539 1488 0343 6467" not in err
    assert not out.exists()
