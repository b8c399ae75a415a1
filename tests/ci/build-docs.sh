#!/usr/bin/env bash
# Generate the module reference of mobotix.move_nvr from the code (the
# DOCUMENTATION, EXAMPLES and RETURN of every plugin and the roles' argument
# specs) with antsibull-docs, after checking that those docs lint clean.
# Needs neither make nor a network; the output is not committed.
#
# usage: tests/ci/build-docs.sh [--strict] [DEST]
#   DEST      where the reference goes (default: build/docs); anything else
#             in it is removed. RST for the Ansible docsite (antsibull-docs' default
#             format), one page per plugin and role, plus the indexes.
#   --strict  also fail on the extra reference check (step 3)
#
# Steps, each failing the script:
#   1. copy the collection to build/collections/ansible_collections/mobotix/move_nvr
#      (tests/ci/sync-collection.sh, what `make collection` does)
#   2. antsibull-docs lint-collection-docs --plugin-docs (the same check as
#      `make lint`, plus references to ansible.builtin and extra docs)
#   3. every O(), RV(), M() and P() reference of every plugin, also in the
#      places the linter does not look (attributes, notes, seealso), must name
#      an option, return value or plugin that exists: a wrong one renders as
#      a dead link. Reported; fails the script only with --strict.
#   4. antsibull-docs collection --use-current --fail-on-error into DEST
#
# Tools: antsibull-docs and ansible-core from .venv when it exists
# (`make venv`), else from PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"

strict=no
if [[ "${1:-}" == "--strict" ]]; then
    strict=yes
    shift
fi
dest="${1:-${root}/build/docs}"

if [[ -x "${root}/.venv/bin/antsibull-docs" ]]; then
    export PATH="${root}/.venv/bin:${PATH}"
fi
for tool in antsibull-docs ansible-doc; do
    if ! command -v "${tool}" >/dev/null 2>&1; then
        echo "build-docs: ${tool} is missing (make venv, or pip install -r tests/requirements.txt)" >&2
        exit 1
    fi
done

collections="${root}/build/collections"
collection="${collections}/ansible_collections/mobotix/move_nvr"
# antsibull-docs runs ansible-doc, which must find this collection (and only
# the copy), and keeps Ansible's state under build/ like the Makefile does.
export ANSIBLE_COLLECTIONS_PATH="${collections}"
export ANSIBLE_HOME="${root}/build/ansible-home"
export ANSIBLE_LOCAL_TEMP="${ANSIBLE_HOME}/tmp"
export PYTHONDONTWRITEBYTECODE=1

echo "== 1/4 collection copy: ${collection}"
"${here}/sync-collection.sh" "${root}" "${collection}"

echo "== 2/4 antsibull-docs lint-collection-docs --plugin-docs"
(cd "${collection}" && antsibull-docs lint-collection-docs --plugin-docs \
    --validate-collection-refs all --check-extra-docs-refs .)

echo "== 3/4 references in every plugin's documentation"
check_status=0
# the Python that runs antsibull-docs has its markup parser (antsibull-docs-parser)
python_bin="$(head -n 1 "$(command -v antsibull-docs)" | sed -n 's/^#! *//p')"
[[ -x "${python_bin}" ]] || python_bin=python3
(cd "${collection}" && "${python_bin}" - mobotix.move_nvr <<'PY') || check_status=$?
import json
import re
import subprocess
import sys

from antsibull_docs_parser import dom
from antsibull_docs_parser.parser import Context, parse

COLLECTION = sys.argv[1]
SKIP_KEYS = ('default', 'sample', 'choices', 'type', 'elements', 'version_added', 'returned', 'aliases',
             'author', 'module', 'name', 'membership', 'support', 'plugin_type', 'filename', 'collection')


def ansible_doc(*args):
    return json.loads(subprocess.check_output(('ansible-doc',) + args))


def paths(tree, children, prefix=''):
    found = set()
    for key, value in (tree or {}).items():
        found.add(prefix + key)
        for child in children:
            if isinstance(value, dict) and value.get(child):
                found |= paths(value[child], children, prefix + key + '.')
    return found


def texts(value, where):
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from texts(item, '%s[%d]' % (where, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in SKIP_KEYS:
                yield from texts(item, '%s.%s' % (where, key))


plugins = {}
for plugin_type in ('module', 'filter', 'lookup', 'inventory', 'callback', 'test', 'role'):
    names = list(ansible_doc('-t', plugin_type, '--list', '--json', COLLECTION))
    if names:
        for name, data in ansible_doc('-t', plugin_type, '--json', *names).items():
            plugins[(plugin_type, name)] = data

known = {}
for (plugin_type, name), data in plugins.items():
    if plugin_type == 'role':
        options = set()
        for entry_point in (data.get('entry_points') or {}).values():
            options |= paths(entry_point.get('options'), ('options', 'suboptions'))
        known[(plugin_type, name)] = (options, set())
    else:
        known[(plugin_type, name)] = (paths((data.get('doc') or {}).get('options'), ('suboptions', 'options')),
                                      paths(data.get('return'), ('contains',)))

problems = []
for (plugin_type, name), data in sorted(plugins.items()):
    context = Context(current_plugin=dom.PluginIdentifier(fqcn=name, type=plugin_type),
                      role_entrypoint='main' if plugin_type == 'role' else None)
    docs = data.get('doc') or data.get('entry_points') or {}
    for where, text in list(texts(docs, 'doc')) + list(texts(data.get('return') or {}, 'return')):
        label = '%s %s: %s' % (plugin_type, name, where)
        try:
            paragraphs = parse(text, context, errors='exception', strict=True)
        except Exception as error:  # pylint: disable=broad-except
            problems.append('%s: %s' % (label, error))
            continue
        for part in (part for paragraph in paragraphs for part in paragraph):
            if isinstance(part, (dom.OptionNamePart, dom.ReturnValuePart)):
                target = (part.plugin.type, part.plugin.fqcn) if part.plugin else (plugin_type, name)
                if not target[1].startswith(COLLECTION + '.'):
                    continue
                is_option = isinstance(part, dom.OptionNamePart)
                wanted = re.sub(r'\[[^\]]*\]', '', part.name)
                if target not in known:
                    problems.append('%s: %s refers to %s %s, which does not exist'
                                    % (label, part.name, target[0], target[1]))
                elif wanted not in known[target][0 if is_option else 1]:
                    problems.append('%s: %s(%s) is not %s of %s' % (label, 'O' if is_option else 'RV', part.name,
                                                                     'an option' if is_option else 'a return value',
                                                                     target[1]))
            elif isinstance(part, dom.ModulePart) and part.fqcn.startswith(COLLECTION + '.'):
                if ('module', part.fqcn) not in known:
                    problems.append('%s: M(%s) does not exist' % (label, part.fqcn))
            elif isinstance(part, dom.PluginPart) and part.plugin.fqcn.startswith(COLLECTION + '.'):
                if (part.plugin.type, part.plugin.fqcn) not in known:
                    problems.append('%s: P(%s#%s) does not exist' % (label, part.plugin.fqcn, part.plugin.type))

for problem in problems:
    print('  ' + problem)
print('  %d plugins and roles, %d problem(s)' % (len(plugins), len(problems)))
sys.exit(1 if problems else 0)
PY
if ((check_status != 0)); then
    if [[ "${strict}" == yes ]]; then
        echo "build-docs: reference problems (see above)" >&2
        exit 1
    fi
    echo "build-docs: WARNING: reference problems (see above); --strict makes them fatal"
fi

echo "== 4/4 antsibull-docs collection --use-current into ${dest}"
# antsibull-docs wants an existing folder that only its owner can write;
# --cleanup everything removes whatever an earlier run left there.
mkdir -p "${dest}"
chmod go-w "${dest}"
antsibull-docs collection --use-current --fail-on-error --cleanup everything \
    --no-add-antsibull-docs-version --dest-dir "${dest}" mobotix.move_nvr
pages=$(find "${dest}" -name '*.rst' | wc -l)
echo "build-docs: ${pages} pages in ${dest} (start at collections/mobotix/move_nvr/index.rst)"
