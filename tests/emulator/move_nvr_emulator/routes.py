"""The route table: every endpoint of the manual (with the api-notes.md corrections).

``auth``: "none" (login, logout), "login" (a valid session) or "setup" (a
session whose account has the Setup bit 16: /setup/*, /record/*, /camera/*
and GET /information/user_management, per api-decisions.md).
``param``: the POST carries a ``Param`` form field holding a JSON object.
``write``: counted in write_attempts (and in writes when accepted).
``str_code``: the manual's example for it shows ``"code": "0"`` (a string).
"""

from __future__ import annotations

import collections

from . import accounts, auth, camera, datasearch, event_action, information, record, setup_api

Route = collections.namedtuple("Route", "fn name auth param write str_code")


def _r(fn, name, level="setup", param=False, write=False, str_code=False):  # pylint: disable=too-many-positional-arguments
    return Route(fn, name, level, param, write, str_code)


ROUTES = {
    ("POST", "/auth/login"): _r(auth.login, "/login", "none", str_code=True),
    ("GET", "/logout"): _r(auth.logout, "/logout", "none", str_code=True),
    # playback and export
    ("GET", "/datasearch/gen_pbkey"): _r(datasearch.gen_pbkey, "/datasearch/gen_pbkey", "login"),
    ("POST", "/datasearch/set_pbspeed"): _r(datasearch.set_pbspeed, "/datasearch/set_pbspeed", "login", param=True),
    ("GET", "/datasearch/get_pbbar"): _r(datasearch.get_pbbar, "/datasearch/get_pbbar", "login"),
    ("POST", "/datasearch/evtlist_page_get"): _r(datasearch.evtlist_page_get, "/datasearch/evtlist_page_get", "login",
                                                 param=True),
    ("POST", "/datasearch/sys_log_page_get"): _r(datasearch.sys_log_page_get, "/datasearch/sys_log_page_get", "login",
                                                 param=True),
    ("GET", "/datasearch/estimate_export_channel_list"): _r(datasearch.estimate_export_channel_list,
                                                            "/datasearch/estimate_export_channel_list", "login"),
    ("GET", "/datasearch/estime_export_channel_list"): _r(datasearch.estimate_export_channel_list,
                                                          "/datasearch/estimate_export_channel_list", "login"),
    ("POST", "/datasearch/remote_export_async"): _r(datasearch.remote_export_async, "/datasearch/remote_export_async",
                                                    "login", param=True, write=True),
    ("GET", "/datasearch/remote_export_status"): _r(datasearch.remote_export_status, "/datasearch/remote_export_status",
                                                    "login"),
    ("GET", "/datasearch/remote_export_list"): _r(datasearch.remote_export_list, "/datasearch/remote_export_list", "login"),
    ("POST", "/datasearch/remove_remote_export_list"): _r(datasearch.remove_remote_export_list,
                                                          "/datasearch/remove_remote_export_list", "login", param=True,
                                                          write=True),
    # information
    ("GET", "/information/version"): _r(information.version, "version", "login"),
    ("GET", "/information/local_time"): _r(information.local_time, "/information/local_time", "login"),
    ("GET", "/information/network_info"): _r(information.network_info, "network_info", "login"),
    ("GET", "/information/user_management"): _r(information.user_management, "/information/user_management"),
    ("GET", "/information/time_config"): _r(information.time_config, "/information/time_config", "login"),
    ("GET", "/information/camera_list"): _r(information.camera_list, "/information/camera_list", "login"),
    # setup
    ("GET", "/setup/default_connection_info"): _r(setup_api.get_default_connection, "/setup/default_connection_info"),
    ("POST", "/setup/default_connection_info"): _r(setup_api.set_default_connection, "/setup/default_connection_info",
                                                   param=True, write=True),
    ("GET", "/setup/load_default"): _r(setup_api.load_default, "/setup/load_default", write=True),
    ("POST", "/setup/load_default"): _r(setup_api.load_default, "/setup/load_default", write=True),
    ("GET", "/setup/system_monitor_config"): _r(setup_api.get_system_monitor, "/setup/system_monitor_config"),
    ("POST", "/setup/system_monitor_config"): _r(setup_api.set_system_monitor, "/setup/system_monitor_config",
                                                 param=True, write=True),
    ("GET", "/setup/event_action_config"): _r(event_action.get_event_action, "/setup/event_action_config"),
    ("POST", "/setup/event_action_config"): _r(event_action.set_event_action, "/setup/event_action_config",
                                               param=True, write=True),
    ("GET", "/setup/email_config"): _r(setup_api.get_email, "/setup/email_config"),
    ("POST", "/setup/email_config"): _r(setup_api.set_email, "/setup/email_config", param=True, write=True),
    ("GET", "/setup/ddns_config"): _r(setup_api.get_ddns, "/setup/ddns_config"),
    ("POST", "/setup/ddns_config"): _r(setup_api.set_ddns, "/setup/ddns_config", param=True, write=True),
    ("POST", "/setup/account_add"): _r(accounts.account_add, "/setup/account_add", param=True, write=True),
    ("POST", "/setup/account_delete"): _r(accounts.account_delete, "/setup/account_delete", param=True, write=True),
    ("POST", "/setup/account_edit"): _r(accounts.account_edit, "/setup/account_edit", param=True, write=True),
    ("POST", "/setup/account_authority"): _r(accounts.account_authority, "/setup/account_authority", param=True,
                                             write=True),
    # record
    ("GET", "/record/template"): _r(record.get_template, "/record/template"),
    ("POST", "/record/record_template"): _r(record.set_record_template, "/record/template", param=True, write=True),
    ("GET", "/record/config"): _r(record.get_record_config, "/record/config"),
    ("POST", "/record/config"): _r(record.set_record_config, "/record/config", param=True, write=True),
    ("GET", "/record/record_info"): _r(record.get_record_info, "/record/record_info"),
    # camera
    ("GET", "/camera/devicesearch"): _r(camera.devicesearch, "/camera/devicesearch"),
    ("POST", "/camera/camera_connection"): _r(camera.camera_connection, "/camera/camera_connection", param=True,
                                              write=True),
    ("GET", "/camera/clear_all"): _r(camera.clear_all, "/camera/clear_all", write=True),
}
