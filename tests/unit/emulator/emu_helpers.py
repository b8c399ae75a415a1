"""Helpers of the emulator's own tests: a minimal API client written from the spec."""

from __future__ import annotations

import hashlib
import json

import requests

from move_nvr_emulator import encrypt


class Client:
    """A minimal client of the NVR API, written from the spec for these tests."""

    def __init__(self, nvr, verify=True):
        self.nvr = nvr
        self.base = nvr.url
        self.session = requests.Session()
        self.session.verify = verify
        self.session.trust_env = False  # loopback only; skips per-request proxy lookups

    def login(self, user="Admin", password="1234"):
        digest = hashlib.md5(f"{user}:{password}".encode()).hexdigest()
        return self.session.post(self.base + "/auth/login", data={"account": digest}, timeout=10)

    def logout(self):
        return self.session.get(self.base + "/logout", timeout=10)

    def get(self, path, **params):
        return self.session.get(self.base + path, params=params, timeout=10)

    def post(self, path, param=None, raw=None):
        data = raw if raw is not None else {"Param": json.dumps(param)}
        return self.session.post(self.base + path, data=data, timeout=10)

    def ok(self, resp):
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert str(body["code"]) == "0", body
        return body

    def refused(self, resp, *words):
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert str(body["code"]) != "0", body
        for word in words:
            assert word in body["msg"], body["msg"]
        return body["msg"]

    def get_ok(self, path, **params):
        return self.ok(self.get(path, **params))["output"]

    def post_ok(self, path, param):
        return self.ok(self.post(path, param)).get("output")

    def side(self, method, path, body=None):
        resp = self.session.request(method, self.base + "/_emulator/" + path, json=body, timeout=10)
        assert resp.status_code == 200, resp.text
        return resp.json()


def camera_item(ch, ip=None, cmd=0, **extra):
    item = {"model": "R3V6-L", "proj": "R3V6-L", "title": f"Cam{ch}", "ip": ip or f"192.0.2.{100 + ch}",
            "mac": f"00:D0:89:00:00:{ch:02X}", "dev": "", "http_port": 80, "type": 1, "rtsp_port": 554,
            "protocol": "RTP+RTSP", "account": "Admin", "password": encrypt("1234"), "cmd": cmd, "ch": ch}
    item.update(extra)
    return item
