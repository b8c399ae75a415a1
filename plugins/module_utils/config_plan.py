# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One plan across the resources of a run: every resource read, validated and planned before the first write.

Why: run resource by resource, a value refused in the last resource came after the first one was
written (a half-applied baseline), and check mode could not see what the run's own writes make
possible (a record template for a camera the same run connects failed with "no camera connected").

How:
- plan_steps: each resource, in the run's order, is read and planned against the NVR as the writes
  planned before it would leave it. A resource whose writes connect, disconnect or edit cameras says
  which channels (Resource.channel_changes); each later resource sees its JSON with those changes
  (Resource.with_channel_changes: a connected channel has the Default template and the NVR's default
  event actions, a disconnected one none). Every resource is planned, also after a refusal, so that one
  run names every refused value; one that depends on a refused resource is not (its channels are not
  known), and a failure that is not a refused value (the NVR unreachable) ends the planning. Any
  failure: nothing is sent.
- apply_steps: just before the first write, every resource the plan writes is read again; if what it
  manages changed since the plan was read (another run, a person in the web page), the run stops and
  writes nothing: the rerun plans afresh. (The API has no lock and no version field: a change made
  between that read and the writes, a fraction of a second, is not seen.) Then the steps are sent in
  order, the one that changes the session's own password last (the NVR may end the session). A step
  planned from a simulated JSON is read again after the writes before it and planned again from what
  the NVR shows. The first failure stops the run; the steps after it are reported as not sent.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mobotix.move_nvr.plugins.module_utils.client import NvrError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.engine import ConfigTask, NvrValidationError
from ansible_collections.mobotix.move_nvr.plugins.module_utils.masking import mask_user

NOT_SENT_REFUSED = 'not sent: nothing is written to this NVR while a resource is refused (%s)'
NOT_SENT_AFTER = 'not sent: nothing is written to this NVR after %s failed'
NOT_CHECKED = 'not checked: it depends on %s, which was refused'
NOT_READ = 'not checked: %s failed before it'
NOT_SENT_FAILED = 'not sent: %s failed before it'
CHANGED_SINCE_READ = 'changed on the NVR since this run read it (another run or a person?)%s; run again to plan afresh'


class NvrChangedMeanwhile(NvrError):
    """The NVR's settings changed between the plan's read and the first write."""

    kind = 'error'


class Step:  # pylint: disable=too-many-instance-attributes
    """One resource of a run: its task and options, its plan, and in the end its result or its error."""

    def __init__(self, name, resource, params, depends_on=()):
        self.name = name
        self.task = ConfigTask(resource)
        self.params = params
        self.depends_on = tuple(depends_on)
        self.read = None        # the NVR's JSON as read, before any simulated change
        self.plan = None
        self.simulated = False
        self.result = None
        self.error = None


def plan_steps(client, resources, params_of):
    """[Step] for the resources ((name, resource, depends_on) in order), each planned (step.plan) or refused
    (step.error); after a failure that is not a refused value, or when a resource it depends on was refused,
    neither (both None)."""
    steps = [Step(name, resource, params_of[name], depends) for name, resource, depends in resources]
    changes, refused_names = None, set()
    for step in steps:
        resource = step.task.resource
        blocked = [name for name in step.depends_on if name in refused_names]
        if blocked:
            # failed: a resource not checked is never reported in sync
            step.result = {'changed': False, 'failed': True, 'msg': NOT_CHECKED % blocked[0]}
            continue
        try:
            step.read = resource.read(client)
            device = resource.with_channel_changes(step.read, *changes) if changes else step.read
            step.simulated = device is not step.read
            step.plan = step.task.plan(client, step.params, device)
        except NvrValidationError as e:
            step.error = e
            refused_names.add(step.name)
            continue
        except NvrError as e:
            step.error = e
            break
        found = resource.channel_changes(step.plan.writes) if step.plan.writes else None
        if found:
            changes = merge_changes(changes, found)
    return steps


def merge_changes(earlier, later):
    """(connected, disconnected, edited) of two sets of camera writes, the later ones over the earlier."""
    if not earlier:
        return later
    connected, disconnected, edited = dict(earlier[0]), set(earlier[1]), dict(earlier[2])
    for channel in later[1]:
        connected.pop(channel, None)
        edited.pop(channel, None)
        disconnected.add(channel)
    connected.update(later[0])
    edited.update(later[2])
    return connected, disconnected, edited


def refused(steps):
    """The steps that failed to plan; when there is one, apply_steps must not be called."""
    return [step for step in steps if step.error is not None]


def report_refused(steps, diff_mode=False):
    """The results of a run stopped before any write: each resource not sent, with changed false, and what it would
    have sent (requests_not_sent, and with diff_mode its diff: the drift report still shows that drift); each one
    never read, failed (not checked is never in sync)."""
    failed = refused(steps)
    names = ', '.join(step.name for step in failed)
    why = NOT_SENT_REFUSED % names if all(isinstance(step.error, NvrValidationError) for step in failed) \
        else NOT_SENT_AFTER % names
    for step in steps:
        if step.error is not None or step.result is not None:
            continue
        if step.plan is None:
            # never read: planning ended at a failure that is not a refused value (the NVR stopped answering)
            step.result = {'changed': False, 'failed': True, 'msg': NOT_READ % failed[-1].name}
            continue
        # the resource as the NVR has it, and keeps: nothing was written
        step.result = {'changed': False, 'msg': why, '_secrets': step.plan.secrets,
                       'config': mask_user(step.plan.before, step.task.resource.secret_paths)}
        if step.plan.writes:
            step.result['requests_not_sent'] = [write.as_result() for write in step.plan.writes]
            if diff_mode:
                step.result['diff'] = step.task.diff(step.plan.before, step.plan.after)
    return steps


def apply_steps(client, steps, check_mode, diff_mode):
    """Send each planned step in order (none in check mode); stop at the first failure."""
    if check_mode or not any(step.plan.writes for step in steps):
        for step in steps:
            step.result = step.task.result(step.plan, step.plan.after, diff_mode)
        return steps
    changed = changed_since_read(client, steps)
    if changed:
        others = ', '.join(step.name for step in changed[1:])
        changed[0].error = NvrChangedMeanwhile(CHANGED_SINCE_READ % (', and so did %s' % others if others else ''))
        return report_refused(steps, diff_mode)
    order = sorted(steps, key=lambda step: ends_session(client, step))  # stable: the run's order, that one last
    for index, step in enumerate(order):
        plan = step.plan
        try:
            if step.simulated and plan.writes:
                # planned from the JSON the writes before it would leave: planned again from what they did leave
                plan = step.plan = step.task.plan(client, step.params, step.task.resource.read(client))
            config = step.task.apply(client, plan) if plan.writes else plan.after
            step.result = step.task.result(plan, config, diff_mode)
        except NvrError as e:
            step.error = e
            step.result = {'changed': plan.sent > 0, '_secrets': plan.secrets,
                           'requests': [write.as_result() for write in plan.writes[:plan.sent]],
                           'request_failed': plan.writes[plan.sent].as_result() if plan.sent < len(plan.writes) else None,
                           'requests_not_sent': [write.as_result() for write in plan.writes[plan.sent + 1:]]}
            for later in order[index + 1:]:
                later.result = {'changed': False, 'msg': NOT_SENT_FAILED % step.name, '_secrets': later.plan.secrets,
                                'requests_not_sent': [write.as_result() for write in later.plan.writes]}
            break
    return steps


def ends_session(client, step):
    return bool(step.plan.writes) and step.task.resource.ends_session(step.plan.writes, client)


def changed_since_read(client, steps):
    """The steps with writes whose resource, read again now, differs from the plan's read in what it manages.

    A difference only in fields no option describes (a status the NVR updates itself) is not a change: the step
    is planned again from the new read, so that those fields go back as the NVR has them now.
    """
    changed = []
    for step in steps:
        if not step.plan.writes:
            continue
        resource = step.task.resource
        fresh = resource.read(client)
        if fresh == step.read:
            continue
        if resource.comparable(resource.to_user(fresh, client)) != resource.comparable(resource.to_user(step.read, client)):
            changed.append(step)
        elif not step.simulated:
            step.read, step.plan = fresh, step.task.plan(client, step.params, fresh)
    return changed
