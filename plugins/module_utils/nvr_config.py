# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Several resources of one NVR in one task and one session (the fleet path).

Each resource is validated with its own module's options and run by the same
ConfigTask as its module, so `changed`, diffs, check mode, errors and masking
are those of the per-resource modules; only the session is shared: one login,
one version read, one logout per NVR instead of one per resource.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import re

from ansible.module_utils.errors import UnsupportedError

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.config_plan import apply_steps, plan_steps, refused, report_refused
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask
from ansible_collections.mobotix.move_nvr.plugins.module_utils.runner import failure_kind, spec_validator
# The resources, in the order that works (cameras before the event actions and record templates that name
# their channels), and their modules: one list, module_utils/registry.py (it imports them by name for AnsiballZ).
from ansible_collections.mobotix.move_nvr.plugins.module_utils.registry import RESOURCE_MODULES, RESOURCE_ORDER, entry_of


def resource_module(name):
    return RESOURCE_MODULES[name]


ARGUMENT_SPEC = dict((name, dict(type='dict')) for name in RESOURCE_ORDER)
ARGUMENT_SPEC.update(
    # Which of the resources given are managed (None: all of them); the role passes move_nvr_resources.
    resources=dict(type='list', elements='str', choices=list(RESOURCE_ORDER)),
    # Option name -> the name messages use (the role's variables); see relabel().
    option_labels=dict(type='dict'),
    # The host's move_nvr_* variables no role of the collection knows: checked by the action plugin
    # (plugins/action/nvr_config.py), which has the host's variables; a module has not.
    unknown_variables=dict(type='str', choices=['fail', 'warn', 'ignore'], default='ignore'),
)

NO_RESOURCE = 'no resource is managed on this NVR (%s, or %s selects none)'
# A path inside a resource's options, as the resources' messages start: `cameras[2].titel: `.
OPTION_PATH = re.compile(r'[A-Za-z_]\w*(?:\[[^\]]*\]|\.[A-Za-z_]\w*)*: ')
# What a failed result keeps of each resource at default verbosity (for_caller).
BRIEF_KEYS = ('changed', 'failed', 'msg', 'warnings')
# ... and of a changed resource also what it changed, or would have (the drift report shows it).
BRIEF_CHANGED_KEYS = ('diff', 'requests', 'request_failed', 'requests_not_sent')


def selected_resources(params):
    """The resources the options select, in RESOURCE_ORDER (`resources`, or all of them).

    Also for options not yet checked (a failure names the resources): a text is a comma-separated
    list, as the option's check reads it; a value of any other type selects all.
    """
    wanted = params.get('resources')
    if isinstance(wanted, str):
        wanted = [part.strip() for part in wanted.split(',')]
    if not isinstance(wanted, (list, tuple)):
        return list(RESOURCE_ORDER)
    return [name for name in RESOURCE_ORDER if name in wanted]


def managed_names(params):
    """The resources a run with these options manages: selected and given."""
    return [name for name in selected_resources(params) if params.get(name) is not None]


def label_of(params, name):
    """The name messages use for option `name` (option_labels), else the option's own."""
    labels = params.get('option_labels')
    label = labels.get(name) if isinstance(labels, dict) else None
    return label if isinstance(label, str) and label else name


def no_resource_message(params):
    """NO_RESOURCE in the caller's words: with option_labels the role's variables (move_nvr_*)."""
    resource_labels = [label_of(params, name) for name in RESOURCE_ORDER]
    prefix = _common_prefix(resource_labels)
    given = 'no %s* resource variable is defined' % prefix if prefix else 'no resource option is given'
    return NO_RESOURCE % (given, label_of(params, 'resources'))


def _common_prefix(names):
    prefix = names[0] if names else ''
    for name in names[1:]:
        while not name.startswith(prefix):
            prefix = prefix[:-1]
    return prefix if prefix.endswith('_') else ''


def nearest_name(name, known, prefix=''):
    """The known name closest to a misspelt one (difflib), or None.

    With a prefix all names share (move_nvr_), only what follows it is compared: otherwise the shared
    prefix alone makes every name look close to every other.
    """
    def tail(text):
        return text[len(prefix):] if prefix and text.startswith(prefix) else text
    by_tail = dict((tail(k), k) for k in known if k != name)
    close = difflib.get_close_matches(tail(name), list(by_tail), n=1, cutoff=0.6)
    return by_tail[close[0]] if close else None


def unsupported_options(spec, value, path=''):
    """[(path, key, supported names)] of each key in value that spec (an argument spec) does not have.

    Walks the sub-options, list items by index, so that a typo is named where it is
    (`cameras[2].titel`); AnsibleModule names it `cameras.titel` and lists the supported names of
    the last sub-spec it checked.
    """
    if not isinstance(value, dict):
        return []
    legal = set(spec)
    for option in spec.values():
        legal.update(option.get('aliases') or ())
    found = [('%s%s' % (path, key), key, sorted(spec)) for key in value if key not in legal]
    for name, option in spec.items():
        sub_spec = option.get('options')
        names = [name] + list(option.get('aliases') or ())
        sub = next((value[n] for n in names if n in value), None)
        if not sub_spec or sub is None:
            continue
        if isinstance(sub, list):
            for index, item in enumerate(sub):
                found.extend(unsupported_options(sub_spec, item, '%s%s[%d].' % (path, name, index)))
        else:
            found.extend(unsupported_options(sub_spec, sub, '%s%s.' % (path, name)))
    return found


def unsupported_message(found):
    """One line for unsupported_options(): each path with the nearest supported name, else the supported ones."""
    parts = []
    for path, key, supported in found:
        near = nearest_name(key, supported)
        parts.append((path, 'did you mean %s?' % near if near else 'supported: %s' % ', '.join(supported)))
    if len(parts) == 1:
        return '%s: unsupported parameter; %s' % parts[0]
    return 'unsupported parameters: %s' % ', '.join('%s (%s)' % part for part in parts)


def validation_error(name, options, result):
    """The first error of a resource's validation (of options), with the resource as lead-in."""
    error = result.errors[0]
    if isinstance(error, UnsupportedError):
        found = unsupported_options(resource_module(name).ARGUMENT_SPEC, options)
        if found:
            return '%s: %s' % (name, unsupported_message(found))
    return '%s: %s' % (name, error.msg)


def misplaced_value(options, values, path=''):
    """(the path of the first option an argument spec (a module's or a role's) declares a dictionary whose value is a
    number, a boolean or a list holding one, that value's type name), or None.

    Why: ansible-core's ArgumentSpecValidator raises (TypeError) on such a value instead of refusing it
    (`email: 4242`, `record_config: {pre_alarm: 4242}`): this names the option instead.
    """
    if not isinstance(options, dict) or not isinstance(values, dict):
        return None
    for name, option in options.items():
        if name not in values or not isinstance(option, dict):
            continue
        where = '%s.%s' % (path, name) if path else name
        value = values[name]
        declared = option.get('type', 'str')
        if declared == 'dict':
            items = value if isinstance(value, list) else [value]
            if any(isinstance(item, (bool, int, float)) for item in items):
                return where, type_name(value)
        elif declared == 'list' and option.get('elements') == 'dict' and isinstance(value, list):
            items = value
        else:
            continue
        for index, item in enumerate(items):
            found = misplaced_value(option.get('options'), item,
                                    '%s[%d]' % (where, index) if isinstance(value, list) else where)
            if found:
                return found
    return None


def type_name(value):
    """The YAML type of a value (2.19 templating gives subclasses such as _AnsibleTaggedInt)."""
    for kind in (bool, int, float, list, dict, str):
        if isinstance(value, kind):
            return kind.__name__
    return type(value).__name__


def validate_resources(params):
    """Each selected and given resource's options checked with its module's spec.

    Returns ({name: validated options}, secret values, first error or None). The secrets are those of
    every resource given, selected or not, and also after an error: all of them are in the options
    that a result shows back (invocation).
    """
    validated, secrets, error = {}, set(), None
    managed = managed_names(params)
    for name in RESOURCE_ORDER:
        if params.get(name) is None:
            continue
        try:
            result = spec_validator(name, resource_module(name).ARGUMENT_SPEC).validate(params[name])
        except (TypeError, AttributeError) as e:
            # ansible-core's validator raises on some wrong shapes (a number where a dictionary belongs).
            found = misplaced_value(resource_module(name).ARGUMENT_SPEC, params[name])
            error = error or ('%s: %s: is of type %s, where the module declares a dictionary' % ((name,) + found) if found
                              else '%s: could not be checked (%s)' % (name, type(e).__name__))
            continue
        secrets.update(result._no_log_values)  # pylint: disable=protected-access
        if name not in managed or error:
            continue
        if result.error_messages:
            error = validation_error(name, params[name], result)
        else:
            validated[name] = result.validated_parameters
    return validated, secrets, error


def relabel(text, labels, resource=None):
    """A message of this module in the caller's words: option names replaced by option_labels.

    resource: the text is that resource's own message (its entry's msg), without a lead-in.

    - A resource's lead-in (at the start, or after `; ` where failures are joined): `camera: ` becomes
      `move_nvr_cameras: `, and `camera: cameras[2].titel: ...` becomes `move_nvr_cameras.cameras[2].titel: ...`.
    - Everywhere, as words: the options with an underscore that are not resources (nvr_host, nvr_retries, ...).
    - Outside a resource's part, also the forms of Ansible's argument checks: `'option'`, `value of option`.
      (Inside it, a quoted name is the resource's own option: email has an option `account`.)
    """
    if not isinstance(text, str) or not isinstance(labels, dict):
        return text
    labels = dict((k, v) for k, v in labels.items() if isinstance(k, str) and isinstance(v, str) and v and k != v)
    if not labels:
        return text
    resources = sorted((n for n in RESOURCE_ORDER if n in labels), key=len, reverse=True)
    # (resource whose part this is, its lead-in was found, text)
    pieces, start, current, lead_found = [], 0, resource, False
    if resources:
        lead = re.compile(r'(?:^|(?<=; ))(%s)(?=: |\.[A-Za-z_])' % '|'.join(re.escape(n) for n in resources))
        for match in lead.finditer(text):
            pieces.append((current, lead_found, text[start:match.start()]))
            current, lead_found, start = match.group(1), True, match.end()
    pieces.append((current, lead_found, text[start:]))
    words = sorted((n for n in labels if '_' in n and n not in RESOURCE_ORDER), key=len, reverse=True)
    word = re.compile(r'\b(%s)\b' % '|'.join(re.escape(n) for n in words)) if words else None
    every = '|'.join(re.escape(n) for n in sorted(labels, key=len, reverse=True))
    quoted = re.compile(r"'(%s)'|(?<=value of )(%s)\b" % (every, every))

    def in_words(piece):
        return word.sub(lambda m: labels[m.group(1)], piece) if word else piece

    out = []
    for owner, lead_in, piece in pieces:
        if owner is None:
            piece = quoted.sub(lambda m: "'%s'" % labels[m.group(1)] if m.group(1) else labels[m.group(2)], piece)
            out.append(in_words(piece))
        elif not lead_in:
            out.append(in_words(piece))
        elif piece.startswith(': ') and OPTION_PATH.match(piece, 2):
            out.append('%s.%s' % (labels[owner], in_words(piece[2:])))
        else:
            out.append(labels[owner] + in_words(piece))
    return ''.join(out)


def one_line(text):
    return re.sub(r'\s*\n\s*', ' ', text).strip() if isinstance(text, str) else text


def brief_entry(entry):
    """A resource's entry in a failed result at default verbosity: BRIEF_KEYS, and for one that changed or would have
    (requests not sent), BRIEF_CHANGED_KEYS."""
    keep_changes = entry.get('changed') or entry.get('requests_not_sent') or entry.get('request_failed')
    return dict((k, v) for k, v in entry.items() if k in BRIEF_KEYS or (keep_changes and k in BRIEF_CHANGED_KEYS))


def for_caller(result, labels, verbose):
    """nvr_config's result as the caller should see it.

    Its messages (msg, warnings, each resource's msg) relabelled with labels, on one line. A failed
    result at default verbosity (not verbose) keeps of each resource only BRIEF_KEYS, and for a
    changed one BRIEF_CHANGED_KEYS: not every resource's config in one `fatal:` line.
    """
    result = dict(result)
    if 'msg' in result:
        result['msg'] = one_line(relabel(result['msg'], labels))
    if isinstance(result.get('warnings'), list):
        result['warnings'] = [relabel(w, labels) for w in result['warnings']]
    resources = result.get('resources')
    if isinstance(resources, dict):
        shown = {}
        for name, entry in resources.items():
            if isinstance(entry, dict):
                entry = dict(entry)
                if 'msg' in entry:
                    entry['msg'] = one_line(relabel(entry['msg'], labels, resource=name))
                if result.get('failed') and not verbose:
                    entry = brief_entry(entry)
            shown[name] = entry
        result['resources'] = shown
    return result


class NvrConfigTask:
    """Run every given resource on one session; report each on its own."""

    def __init__(self):
        self._last = (None, None)

    def _validated(self, params):
        # The runner asks for the secrets first, then runs: validate each params object once.
        if self._last[0] is not params:
            self._last = (params, validate_resources(params))
        return self._last[1]

    def extra_no_log_values(self, params):
        """Secrets inside the resource options, which the top-level spec cannot mark no_log."""
        return self._validated(params)[1]

    def preflight(self, params):
        """The first refused option of any resource, or a masked placeholder given as a password, or None.

        Checked for every resource before any request (the runner asks before it logs in): a refusal in
        the last resource must come before the first one is read, let alone written.
        """
        validated, dummy, error = self._validated(params)
        if error:
            return error
        for name in RESOURCE_ORDER:
            problem = ConfigTask(resource_module(name).RESOURCE).preflight(validated[name]) if name in validated else None
            if problem:
                return '%s: %s' % (name, problem)
        return None

    def run(self, client, params, check_mode=False, diff_mode=False):
        """Every resource planned (config_plan.py) before the first write; one refused: nothing written."""
        validated, secrets, error = self._validated(params)
        error = error or self.preflight(params)
        if error:
            raise NvrError(error)
        names = [name for name in RESOURCE_ORDER if name in validated]
        steps = plan_steps(client, [(name, resource_module(name).RESOURCE, entry_of(name).depends_on) for name in names],
                           validated)
        if refused(steps):
            steps = report_refused(steps, diff_mode)
        else:
            steps = apply_steps(client, steps, check_mode, diff_mode)
        resources, diffs, failures = {}, [], []
        warnings = selection_warnings(params)
        all_secrets = list(secrets)
        for step in steps:
            result = step.result
            if step.error is not None:
                sent = step.plan is not None and step.plan.sent > 0
                result = dict(result or {}, failed=True, changed=sent, msg=str(step.error), nvr_failure=failure_kind(step.error))
                failures.append((step.name, result))
            if result is None:
                continue
            all_secrets.extend(result.pop('_secrets', []))
            warnings.extend('%s: %s' % (step.name, w) for w in result.pop('warnings', []))
            if 'diff' in result and result.get('changed'):
                diffs.append(dict(result['diff'], before_header='%s (before)' % step.name, after_header='%s (after)' % step.name))
            resources[step.name] = result
        outcome = {'changed': any(r.get('changed') for r in resources.values()), 'resources': resources, '_secrets': all_secrets}
        if diff_mode:
            outcome['diff'] = diffs
        if not validated:
            # Not "in sync": nothing was compared. Said in msg and as a warning, which the console shows.
            outcome['msg'] = no_resource_message(params)
            warnings.append(outcome['msg'])
        if warnings:
            outcome['warnings'] = warnings
        if failures:
            outcome.update(failed=True, msg=failures_message(failures, steps), nvr_failure=failures[0][1]['nvr_failure'])
        return outcome


def failures_message(failures, steps=()):
    """One line however many resources failed: the first failure, how many more (each is in `resources`), and
    what the run wrote: nothing when a resource was refused before the first write, else the resources written
    before the failure and those not sent after it."""
    name, result = failures[0]
    more = len(failures) - 1
    text = '%s: %s%s' % (name, result['msg'], '; and %d more resource%s failed (see resources)' % (
        more, '' if more == 1 else 's') if more else '')
    written = [step.name if step.error is None else '%s (%d of its %d requests)' % (step.name, step.plan.sent, len(step.plan.writes))
               for step in steps if step.plan is not None and step.plan.sent]
    not_sent = [step.name for step in steps if step.error is None and step.result is not None and step.plan is not None
                and step.result.get('msg', '').startswith('not sent:')]
    if steps and not written:
        return text + '; nothing was written'
    if written:
        text += '; written before it: %s' % ', '.join(written)
    if not_sent:
        text += '; not sent: %s' % ', '.join(not_sent)
    return text


def selection_warnings(params):
    """A warning for each resource that `resources` selects but that is not given (its variable not set)."""
    if params.get('resources') is None:
        return []
    return ['%s selects %s, but %s is not set: %s is not managed on this NVR' % (
        label_of(params, 'resources'), name, label_of(params, name), name)
        for name in selected_resources(params) if params.get(name) is None]
