#!/usr/bin/env python3
"""Fail when a tests/<area>/test-* file is not registered in meson (see tests/meson.build)."""
import os
import sys

root, registered = sys.argv[1], set(sys.argv[2:])
missing = []
for area in sorted(os.listdir(root)):
    d = os.path.join(root, area)
    if not os.path.isdir(d) or area == 'bench':
        continue
    for f in sorted(os.listdir(d)):
        if f.startswith('test-') and (f.endswith('.sh') or f.endswith('.c')):
            if f'{area}/{f}' not in registered:
                missing.append(f'{area}/{f}')
if missing:
    print('tests not registered in their meson.build: ' + ', '.join(missing))
    sys.exit(1)
