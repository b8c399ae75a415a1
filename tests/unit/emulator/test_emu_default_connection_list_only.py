"""The switch default_connection_list_only (docs/emulator.md "Dialects"): a dialect named NAME+SWITCH is NAME with
that switch on; POST /setup/default_connection_info then takes device_default_list alone, as its schema shows it."""

import pytest

from move_nvr_emulator import Fleet, NvrOptions, encrypt
from move_nvr_emulator import dialect
from emu_helpers import Client

LIST_ONLY = "manual+default_connection_list_only"


@pytest.fixture(scope="module")
def list_only():
    with Fleet(count=1, per_nvr=[{"dialect": LIST_ONLY}]) as fleet:
        nvr = fleet.nvrs[0]
        cli = Client(nvr)
        cli.ok(cli.login())
        yield cli
        cli.session.close()


def test_a_composed_name_is_its_base_with_the_switch_on_and_anything_else_is_refused():
    composed = dialect.get(LIST_ONLY)
    assert composed.default_connection_list_only and composed.name == LIST_ONLY
    assert composed.int_flags and composed.complete_bodies, "the rest is manual's"
    assert dialect.get(LIST_ONLY) is composed
    assert not any(d.default_connection_list_only for d in dialect.BY_NAME.values()), "no named dialect has it"
    for name in ("manual+", "nope+default_connection_list_only", "manual+int_flags", "strict+x", "+default_connection_list_only"):
        with pytest.raises(ValueError, match="unknown dialect"):
            dialect.get(name)
    NvrOptions(dialect=LIST_ONLY).validate()


def test_the_list_alone_is_taken_and_any_other_field_refused(list_only):
    entry = {"type": 0, "account": "root", "password": encrypt("Cam-pw-9")}
    list_only.refused(list_only.post("/setup/default_connection_info", {"auto_add": 1, "device_default_list": [entry]}),
                      "auto_add: not a field of this request")
    list_only.refused(list_only.post("/setup/default_connection_info", {"device_default_list": [entry], "auto_refresh_time": 120}),
                      "auto_refresh_time")
    assert list_only.get_ok("/setup/default_connection_info")["default_info"][0]["account"] == "Admin", "nothing written"
    out = list_only.post_ok("/setup/default_connection_info", {"device_default_list": [entry]})
    assert out["default_info"][0] == {"account": "root", "password": "Cam-pw-9", "type": 0}, "manual: reply in clear"
    assert out["auto_add"] == 0 and out["auto_refresh_time"] == 120, "kept, in the manual's 1/0 form"
