"""The Python API: Fleet options, per-NVR options, many NVRs in one process."""

import concurrent.futures

import pytest
import requests

from move_nvr_emulator import Fleet, NvrOptions
from emu_helpers import Client


def test_per_nvr_options_and_first_index():
    with Fleet(count=3, first_index=10, num_ch=4, per_nvr=[{}, {"num_ch": 16, "model": "H200"}]) as fleet:
        assert [n.name for n in fleet.nvrs] == ["NVR-011", "NVR-012", "NVR-013"]
        assert [n.opts.num_ch for n in fleet.nvrs] == [4, 16, 4]
        cli = Client(fleet.nvrs[1])
        cli.ok(cli.login())
        assert cli.get_ok("/information/version")["model"] == "H200"
        assert fleet.urls == [f"http://127.0.0.1:{p}" for p in fleet.ports]


def test_bad_options():
    with pytest.raises(TypeError):
        Fleet(count=1, channels=4)
    with pytest.raises(ValueError):
        Fleet(count=1, cameras=5, num_ch=4)
    with pytest.raises(ValueError):
        NvrOptions(code_style="hex").validate()


def test_fleet_reset_and_stats():
    with Fleet(count=2) as fleet:
        for nvr in fleet.nvrs:
            Client(nvr).login()
        assert fleet.fleet_stats()["total"]["logins"] == 2
        fleet.reset()
        assert fleet.fleet_stats()["total"]["requests"] == 0


def test_load_default_keeps_identity(client, nvr):
    nvr.set_state({"device": {"ap_version": "B1"}})
    client.ok(client.get("/setup/load_default"))
    assert client.get_ok("/information/version")["ap_version"] == "B1"


def test_many_nvrs_concurrently():
    with Fleet(count=250) as fleet:
        assert len(set(fleet.ports)) == 250 and fleet.ports[-1] - fleet.ports[0] == 249

        def visit(nvr):
            with requests.Session() as session:
                session.trust_env = False
                session.post(nvr.url + "/auth/login", data={"account": "afdfd53c19b43825da4b297c203e4460"}, timeout=20)
                code = session.get(nvr.url + "/setup/email_config", timeout=20).json()["code"]
                session.get(nvr.url + "/logout", timeout=20)
                return code

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            codes = list(pool.map(visit, fleet.nvrs[::5]))
        assert codes == [0] * 50
        total = fleet.fleet_stats()["total"]
        assert total["logins"] == 50 and total["open_sessions"] == 0 and total["write_attempts"] == 0
