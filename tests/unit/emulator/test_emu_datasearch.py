"""Playback and export endpoints (fake, stateful data)."""

import time

from emu_helpers import camera_item


def test_playback_flow(client):
    client.post_ok("/camera/camera_connection", {"list": [camera_item(0), camera_item(2)]})
    now = int(time.time())
    out = client.get_ok("/datasearch/gen_pbkey", start_time=now - 3600, group_id=0, dir=0, speed=1)
    assert len(out["pbkey"]) == 32 and out["pb_ch"] == [0, 2]
    pb = client.post_ok("/datasearch/set_pbspeed", {"pbkey": out["pbkey"], "start_time": now - 60, "dir": -1,
                                                    "speed": 0.5, "group_id": 0})
    assert pb == {"pbtime": now - 60, "group_id": 0, "dir": -1, "speed": 0.5, "pb_ch": [0, 2]}
    client.refused(client.post("/datasearch/set_pbspeed", {"pbkey": "0" * 32}), "pbkey")
    client.refused(client.post("/datasearch/set_pbspeed", {"pbkey": out["pbkey"], "speed": 3}), "speed")
    client.refused(client.get("/datasearch/gen_pbkey", start_time=now, dir=1), "dir")
    assert client.get("/datasearch/gen_pbkey").status_code == 400
    assert client.get("/datasearch/gen_pbkey", start_time="abc").status_code == 400
    pbbar = client.get_ok("/datasearch/get_pbbar", start_time=now - 86400, end_time=now, section_num=24, group_id=0)
    assert pbbar["section_num"] == 24 and len(pbbar["pb_bar"]) == 24 and set(pbbar["pb_bar"]) <= {0, 1} and 1 in pbbar["pb_bar"]
    assert pbbar["database_start_t"] < pbbar["database_end_t"]


def test_event_and_log_pages(client):
    out = client.post_ok("/datasearch/evtlist_page_get", {"group_id": 0, "evt_type": [True, False, False], "start_idx": 0,
                                                          "end_idx": 4, "evt_indx": -1, "channel": -1, "start_time": 0,
                                                          "end_time": 2 ** 31})
    assert out["start_idx"] == 0 and out["end_idx"] == 4 and len(out["evt_list"]) == 5
    assert all(e["evt_type"] == 0 for e in out["evt_list"])
    assert set(out["evt_list"][0]) == {"start_time", "channel", "dev_type", "evt_type", "evt_indx", "ip_addr", "mac",
                                       "snap_path"}
    client.refused(client.post("/datasearch/evtlist_page_get", {"start_idx": 3, "end_idx": 1}), "end_idx")
    client.refused(client.post("/datasearch/evtlist_page_get", {"start_idx": 0}), "end_idx", "required")
    logs = client.post_ok("/datasearch/sys_log_page_get", {"start_idx": 0, "end_idx": 99, "start_time": 0, "end_time": 2 ** 31})
    assert logs["total"] >= 3 and set(logs["log_list"][0]) == {"category", "description", "host", "time", "type"}
    assert logs["log_list"][0]["type"] == "PowerOn"
    assert any(e["type"] == "Login" for e in logs["log_list"])


def test_export_flow(client, monkeypatch):
    from move_nvr_emulator import datasearch  # pylint: disable=import-outside-toplevel
    monkeypatch.setattr(datasearch, "EXPORT_SECONDS", 1.0)
    client.post_ok("/camera/camera_connection", {"list": [camera_item(0)]})
    now = int(time.time())
    chans = client.get_ok("/datasearch/estimate_export_channel_list", start_time=now - 600, end_time=now, group_id=0)
    assert chans == {"channel_list": [0]}
    assert client.get_ok("/datasearch/estime_export_channel_list", start_time=now - 600, end_time=now, group_id=0) == chans
    client.refused(client.post("/datasearch/remote_export_async", {"ch": 1, "start_time": now - 100, "end_time": now}), "ch")
    client.ok(client.post("/datasearch/remote_export_async", {"ch": 0, "start_time": now - 100, "end_time": now,
                                                              "stream_type": "main", "media_fmt": "mp4", "group_id": 0}))
    assert client.get_ok("/datasearch/remote_export_status") == {"status": "working"}
    client.refused(client.post("/datasearch/remote_export_async", {"ch": 0, "start_time": now - 100, "end_time": now}),
                   "already running")
    time.sleep(1.1)
    assert client.get_ok("/datasearch/remote_export_status") == {"status": "idle"}
    listing = client.get_ok("/datasearch/remote_export_list")
    names = [f["file_name"] for f in listing["list"]]
    assert len(names) == 2 and names[0].startswith("ch0001-") and names[0].endswith(".mp4")
    assert set(listing["export_size"]) == {"total_size_mb", "available_size_mb"}
    out = client.post_ok("/datasearch/remove_remote_export_list", {"name": names[1]})
    assert [f["file_name"] for f in out["list"]] == names[:1]
    client.refused(client.post("/datasearch/remove_remote_export_list", {"name": "nope.mp4"}), "nope.mp4")
    stats = client.nvr.stats()
    assert stats["write_attempts"] == 6 and stats["writes"] == 3
