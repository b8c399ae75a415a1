# -*- coding: utf-8 -*-
# Copyright: (c) 2026, MOBOTIX MOVE NVR collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution environment for AWX / Ansible Automation Platform.

`ansible-builder create` turns execution-environment.yml into a build context
(Containerfile plus the files it copies) without pulling an image, so this
runs without Docker, Podman or network. On top of that, the two steps of the
image build that decide what lands in the image are replayed here, offline:
the galaxy stage (`ansible-galaxy collection install -r requirements.yml`
from the context, which installs the collection tarball) and the builder
stage's introspection (ansible-builder's own introspect.py over the installed
collection, which reads meta/execution-environment.yml). Together they show
that the image would get the collection and its Python requirements.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
EE_FILE = 'execution-environment.yml'
# What the EE definition refers to, copied beside it into a scratch folder.
EE_FILES = (EE_FILE, 'requirements.txt', 'bindep.txt')


def _tool(name):
    """A console script of this test's Python environment, else the one on PATH."""
    beside = pathlib.Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        pytest.fail('%s is not installed: pip install -r tests/requirements.txt' % name)
    return found


def _run(args, cwd, env):
    proc = subprocess.run(args, cwd=str(cwd), env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, '%s failed (%s):\n%s\n%s' % (' '.join(args), proc.returncode, proc.stdout, proc.stderr)
    return proc


def _requirement_names(text):
    names = []
    for line in text.splitlines():
        line = line.split('#', 1)[0].strip()
        if line:
            names.append(re.split(r'[<>=!~;\[ ]', line, maxsplit=1)[0].lower())
    return names


def _galaxy_version():
    return yaml.safe_load((ROOT / 'galaxy.yml').read_text())['version']


@pytest.fixture(scope='module')
def built(tmp_path_factory):
    """Everything the tests look at: the build context and the collections installed from it."""
    work = tmp_path_factory.mktemp('ee')
    # Nothing of the test run's own collection set-up (make sets both): ansible-galaxy
    # would find this collection already installed there and install nothing.
    env = dict((k, v) for k, v in os.environ.items() if k not in ('PYTHONPATH', 'ANSIBLE_COLLECTIONS_PATH'))
    env.update(ANSIBLE_HOME=str(work / 'ansible-home'), ANSIBLE_LOCAL_TEMP=str(work / 'ansible-tmp'),
               ANSIBLE_GALAXY_DISABLE_GPG_VERIFY='1', ANSIBLE_NOCOLOR='1')
    source = work / 'source'
    source.mkdir()
    for name in EE_FILES:
        shutil.copy2(str(ROOT / name), str(source / name))
    # What `make build` writes to build/dist, where execution-environment.yml looks for it.
    _run([_tool('ansible-galaxy'), 'collection', 'build', '--output-path', str(source / 'build' / 'dist'), str(ROOT)],
         cwd=work, env=env)
    context = work / 'context'
    create = _run([_tool('ansible-builder'), 'create', '--file', EE_FILE, '--context', str(context),
                   '--output-filename', 'Containerfile'], cwd=source, env=env)
    # The galaxy stage, as the Containerfile runs it (WORKDIR /build holds _build/).
    collections = work / 'collections'
    install = _run([_tool('ansible-galaxy'), 'collection', 'install', '--offline', '-r', 'requirements.yml',
                    '--collections-path', str(collections)], cwd=context / '_build', env=env)
    assert 'mobotix.move_nvr:%s was installed successfully' % _galaxy_version() in install.stdout, install.stdout
    return {'source': source, 'context': context, 'collections': collections, 'create': create, 'env': env}


def test_definition_is_schema_3_with_the_base_image_as_a_build_argument(built):
    definition = yaml.safe_load((ROOT / EE_FILE).read_text())
    assert definition['version'] == 3
    assert definition['images']['base_image']['name']
    containerfile = (built['context'] / 'Containerfile').read_text()
    assert 'ARG EE_BASE_IMAGE="%s"' % definition['images']['base_image']['name'] in containerfile
    assert 'FROM $EE_BASE_IMAGE AS base' in containerfile
    # the Python the packages go into is a build argument as well (--build-arg PYCMD=...)
    assert re.search(r'^ARG PYCMD="/usr/bin/python3[.0-9]*"$', containerfile, re.M)


def test_create_writes_the_containerfile_and_every_build_step(built):
    containerfile = (built['context'] / 'Containerfile').read_text()
    for step in ('FROM base AS galaxy', 'FROM base AS builder', 'FROM base AS final',
                 'ansible-galaxy collection install', 'introspect.py introspect --user-pip=requirements.txt',
                 'RUN /output/scripts/check_ansible $PYCMD'):
        assert step in containerfile
    assert 'No matches' not in built['create'].stdout + built['create'].stderr, 'the collection tarball was not found'


def test_context_carries_the_collections_python_requirements(built):
    copied = (built['context'] / '_build' / 'requirements.txt').read_text()
    names = _requirement_names(copied)
    assert 'requests' in names and 'pycryptodome' in names
    # exactly the collection's requirements.txt, the file pip installs in the image
    assert copied == (ROOT / 'requirements.txt').read_text()
    assert (built['context'] / '_build' / 'bindep.txt').read_text() == (ROOT / 'bindep.txt').read_text()


def test_bindep_names_no_system_package():
    lines = [line for line in (ROOT / 'bindep.txt').read_text().splitlines() if line.strip() and not line.startswith('#')]
    assert lines == []


def test_context_carries_the_collection_of_this_version(built):
    version = _galaxy_version()
    tarball = 'mobotix-move_nvr-%s.tar.gz' % version
    assert (built['context'] / '_build' / 'collections' / tarball).is_file()
    definition = yaml.safe_load((ROOT / EE_FILE).read_text())
    requirements = yaml.safe_load((built['context'] / '_build' / 'requirements.yml').read_text())
    assert requirements == definition['dependencies']['galaxy']
    assert [item['name'] for item in requirements['collections']] == ['collections/' + tarball], \
        'execution-environment.yml names another version than galaxy.yml (%s)' % version
    assert [entry['src'] for entry in definition['additional_build_files']] == ['build/dist/' + tarball]


def test_galaxy_stage_installs_the_collection_with_its_ee_metadata(built):
    installed = built['collections'] / 'ansible_collections' / 'mobotix' / 'move_nvr'
    manifest = yaml.safe_load((installed / 'MANIFEST.json').read_text())
    assert manifest['collection_info']['version'] == _galaxy_version()
    meta = yaml.safe_load((installed / 'meta' / 'execution-environment.yml').read_text())
    assert meta['dependencies'] == {'python': 'requirements.txt', 'system': 'bindep.txt'}
    for name in meta['dependencies'].values():
        assert (installed / name).is_file()


def test_builder_stage_finds_the_python_requirements_through_the_collection(built, tmp_path):
    """introspect.py as the builder stage runs it, but with only the installed collection (no user files)."""
    build = built['context'] / '_build'
    pip_out, bindep_out = tmp_path / 'requirements.txt', tmp_path / 'bindep.txt'
    _run([sys.executable, str(build / 'scripts' / 'introspect.py'), 'introspect', str(built['collections']),
          '--write-pip=%s' % pip_out, '--write-bindep=%s' % bindep_out], cwd=tmp_path, env=built['env'])
    lines = pip_out.read_text().splitlines()
    assert sorted(_requirement_names('\n'.join(lines))) == ['pycryptodome', 'requests']
    assert all(line.endswith('# from collection mobotix.move_nvr') for line in lines)
    # no system package: introspect.py writes no bindep file at all then
    assert not bindep_out.exists() or _requirement_names(bindep_out.read_text()) == []
