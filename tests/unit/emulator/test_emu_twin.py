"""The twin (move_nvr_emulator/twin.py): a device replies file checked, turned into state, and the per-path answers."""

from __future__ import annotations

import json

import pytest
import requests

from move_nvr_emulator import Fleet, cipher, dialect, factory, twin

FORMAT = {"format": "mobotix.move_nvr.device_replies", "version": 1}


def document(**replies):
    return dict(FORMAT, username="Admin", secrets="omit", replies=replies)


@pytest.mark.parametrize("name", dialect.DIALECTS)
def test_canonical_undoes_each_dialects_rendering(name):
    state = factory.factory_state(factory.NvrOptions(num_ch=4, cameras=2, dialect=name), 0, 0)
    for path, section in (("/setup/system_monitor_config", "system_monitor"), ("/record/template", "record_template"),
                          ("/record/config", "record_config"), ("/setup/event_action_config", "event_action"),
                          ("/setup/email_config", "email")):
        shown = dialect.render(dialect.get(name), "GET", path, state[section])
        assert twin.canonical(json.loads(json.dumps(shown)), path) == state[section], (name, path)


def test_passwords_become_the_twins():
    users = [{"account": "Admin", "password": "********", "authority": 31, "covert": [False]},
             {"account": "op", "password": "********", "authority": 8, "covert": [False]},
             {"account": "none", "password": "", "authority": 8, "covert": [False]}]
    doc = document(**{"/information/version": {"num_ch": 1, "num_alarm": 0, "num_relay": 0, "model": "X1"},
                      "/information/user_management": {"user": users},
                      "/setup/email_config": {"password": "********", "account": "a"}})
    twin.check(doc, "f.json")
    state = twin.Twin(doc, "f.json").state("Adm1n-pw", 1)
    assert [cipher.decrypt(u["password"]) if u["password"] else "" for u in state["accounts"]] == ["Adm1n-pw", twin.TWIN_PASSWORD, ""]
    assert cipher.decrypt(state["email"]["password"]) == twin.TWIN_PASSWORD


@pytest.mark.parametrize("doc, field", [
    ([], "(top level)"),
    ({"format": "x", "version": 1, "replies": {}}, "format"),
    (dict(FORMAT, version=True, replies={}), "version"),
    (dict(FORMAT, replies=[]), "replies"),
    (document(**{"/setup/ddns_config": {"password": cipher.encrypt("secret1")}}), "replies./setup/ddns_config.password"),
    (document(**{"/information/user_management": {"user": {}}}), "replies./information/user_management.user"),
    (document(**{"/information/version": {"num_relay": 99}}), "replies./information/version.num_relay"),
    (dict(document(), probe={"code_style": "odd"}), "probe.code_style"),
])
def test_check_names_the_field(doc, field):
    with pytest.raises(twin.TwinError) as caught:
        twin.check(doc, "f.json")
    text = str(caught.value)
    assert text.startswith("--state f.json: %s:" % field), text
    assert "\n" not in text and cipher.encrypt("secret1") not in text


def test_options_and_answers_from_the_file():
    doc = dict(document(**{"/information/version": {"num_ch": "4", "num_alarm": 1, "num_relay": 3, "model": "H2"}}),
               probe={"dialect": "unknown", "closest_dialect": "manual", "code_style": "int",
                      "failed": {"/record/record_info": "garbage"}})
    twin.check(doc, "f.json")
    loaded = twin.Twin(doc, "f.json")
    assert loaded.options() == {"num_ch": 4, "num_alarm": 1, "num_relay": 3, "cameras": 0, "dialect": "manual",
                                "code_style": "int", "model": "H2"}
    answers = loaded.answers()
    assert answers["/record/record_info"] == "garbage" and answers["/setup/ddns_config"] == "missing"
    assert "/information/version" not in answers


def test_answer_paths_only_on_that_nvr():
    with Fleet(count=2) as fleet:
        twin.answer_paths(fleet.nvrs[0], {"/setup/ddns_config": "missing", "/record/config": "garbage"})
        session = requests.Session()
        for url in fleet.urls:
            session.post(url + "/auth/login", data={"account": "afdfd53c19b43825da4b297c203e4460"}, timeout=5)
        broken, healthy = fleet.urls
        assert requests.get(broken + "/setup/ddns_config", timeout=5).status_code == 404
        reply = requests.get(broken + "/record/config", timeout=5)
        assert reply.status_code == 200 and reply.headers["Content-Type"] == "text/html"
        assert requests.get(healthy + "/setup/ddns_config", timeout=5).status_code == 401   # no cookie: normal path
        assert fleet.nvrs[0].stats()["by_endpoint"]["GET /setup/ddns_config"] == 1
        twin.answer_paths(fleet.nvrs[0], {})
        assert requests.get(broken + "/setup/ddns_config", timeout=5).status_code == 401
