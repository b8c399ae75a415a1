"""What the modules of issue 14 need from the emulator: a log history to page through, a page cap, exports that
finish after some status polls (or never), files that appear while an export runs, discovery per camera type."""

import time

from emu_helpers import camera_item

WIDE = {"start_time": 0, "end_time": 2 ** 31}


def test_log_history_pages_and_page_cap(client, monkeypatch):
    from move_nvr_emulator import datasearch  # pylint: disable=import-outside-toplevel
    first = client.post_ok("/datasearch/sys_log_page_get", dict(WIDE, start_idx=0, end_idx=99))
    assert first["total"] >= datasearch.LOG_HISTORY + 3 and len(first["log_list"]) == 100
    assert first["log_list"][0]["description"] == "SystemPowerOn"
    times = [e["time"] for e in first["log_list"]]
    assert times == sorted(times) and times[-1] < client.nvr.boot_time
    last = client.post_ok("/datasearch/sys_log_page_get", dict(WIDE, start_idx=first["total"] - 1, end_idx=first["total"] + 50))
    assert last["log_list"][-1]["type"] == "Login"      # this session's own login, after the history
    monkeypatch.setitem(datasearch.PAGE_CAP, client.nvr.port, 3)
    capped = client.post_ok("/datasearch/sys_log_page_get", dict(WIDE, start_idx=0, end_idx=99))
    assert len(capped["log_list"]) == 3 and capped["total"] == first["total"]
    client.refused(client.post("/datasearch/sys_log_page_get", {"start_idx": 0, "end_idx": 9, "start_time": 9,
                                                                "end_time": 1}), "end_time")


def test_export_goes_idle_after_polls_and_files_appear_while_it_runs(client, monkeypatch):
    from move_nvr_emulator import datasearch  # pylint: disable=import-outside-toplevel
    monkeypatch.setattr(datasearch, "EXPORT_SECONDS", 0.0)
    client.post_ok("/camera/camera_connection", {"list": [camera_item(0)]})
    client.side("POST", "state", {"exports": {"polls_to_idle": 3}})
    now = int(time.time())
    client.ok(client.post("/datasearch/remote_export_async", {"ch": 0, "start_time": now - 100, "end_time": now,
                                                              "stream_type": "main", "media_fmt": "mp4", "group_id": 0}))
    assert client.get_ok("/datasearch/remote_export_list")["list"] == []
    assert client.get_ok("/datasearch/remote_export_status") == {"status": "working"}
    partial = client.get_ok("/datasearch/remote_export_list")["list"]
    assert len(partial) == 1 and partial[0]["file_name"].endswith(".mp4") and float(partial[0]["size_mb"]) < 2.5
    client.refused(client.post("/datasearch/remove_remote_export_list", {"name": partial[0]["file_name"]}),
                   "being written")
    assert client.get_ok("/datasearch/remote_export_status") == {"status": "working"}
    assert client.get_ok("/datasearch/remote_export_status") == {"status": "idle"}
    done = client.get_ok("/datasearch/remote_export_list")["list"]
    assert [f["file_name"][-4:] for f in done] == [".mp4", ".srt"] and done[0]["size_mb"] == "2.50"


def test_export_that_never_ends(client, monkeypatch):
    from move_nvr_emulator import datasearch  # pylint: disable=import-outside-toplevel
    monkeypatch.setattr(datasearch, "EXPORT_SECONDS", 0.0)
    client.post_ok("/camera/camera_connection", {"list": [camera_item(0)]})
    client.side("POST", "state", {"exports": {"polls_to_idle": -1}})
    now = int(time.time())
    client.ok(client.post("/datasearch/remote_export_async", {"ch": 0, "start_time": now - 100, "end_time": now}))
    for dummy in range(20):
        assert client.get_ok("/datasearch/remote_export_status") == {"status": "working"}


def test_export_names_are_in_the_nvr_local_time(client):
    client.post_ok("/camera/camera_connection", {"list": [camera_item(1)]})
    client.side("POST", "state", {"time_config": {"timezone_offset": -3600}})
    client.ok(client.post("/datasearch/remote_export_async", {"ch": 1, "start_time": 1796000000, "end_time": 1796000060}))
    client.get_ok("/datasearch/remote_export_status")
    name = client.get_ok("/datasearch/remote_export_list")["list"][0]["file_name"]
    assert name == "ch0002-261130015320-60-D.mp4"     # 00:53:20 UTC is 01:53:20 at UTC+1


def test_discovery_per_type(client):
    counts = {t: client.get_ok("/camera/devicesearch", model=t)["total"] for t in (0, 1, 3, 12)}
    assert counts == {0: 2, 1: 4, 3: 1, 12: 0}
    found = client.get_ok("/camera/devicesearch", model=0)["dev_list"]
    assert [d["type"] for d in found] == [0, 0] and found[0]["ip"].startswith("198.18.0.")
    client.refused(client.get("/camera/devicesearch", model=2), "model", "0, 1, 3, 12")
