"""GET /information/* endpoints."""

from __future__ import annotations

import time

from .factory import sorted_cameras


def version(nvr, _req):
    dev = nvr.state["device"]
    output = {"remote_version": dev["remote_version"], "ap_version": dev["ap_version"], "num_ch": nvr.opts.num_ch,
              "num_alarm": nvr.opts.num_alarm, "num_relay": nvr.opts.num_relay, "model": dev["model"],
              "proj": dev["proj"]}
    return "/information/versionSuccess!", output


def local_time(nvr, _req):
    offset = nvr.state["time_config"].get("timezone_offset", 0)
    offset = offset if isinstance(offset, int) else 0
    return "Success", {"local_time": int(time.time()) - offset}


def network_info(nvr, _req):
    info = nvr.state["network_info"]
    if nvr.port:
        # The emulated web port is the one this NVR listens on.
        info = dict(info)
        info["https_port" if nvr.scheme == "https" else "http_port"] = nvr.port
    return "/information/network_infoSuccess", info


def user_management(nvr, _req):
    return "/information/user_managementgetSuccess!", {"user": nvr.state["accounts"]}


def time_config(nvr, _req):
    return "gettime_configsuccess.", nvr.state["time_config"]


def camera_list(nvr, _req):
    return "/information/camera_list_getSuccess!", {"camera_list": sorted_cameras(nvr.state)}
