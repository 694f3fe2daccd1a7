#!/usr/bin/env python3
"""sync-model.py VINFRA SERVER COPY_A COPY_B SEED STEPS

A model-based test of offline copies (src/sync/): seeded random edits and
deletes on two copies and the server, pushes, pulls and resolves in random
order, each run through vinfra and through a small reference model of what
must result; after every step the server's and the copies' features and
the copies' open conflicts are compared with the model's.

The model is written from the rules of sync.h, not from the code: a field
changed on one side only goes to the other, the same value on both sides
settles it, different values (and an edit against a delete) are conflicts;
push sends nothing while a conflict is open; resolve --ours keeps ours,
--theirs takes the server's value as the conflict recorded it."""
import json, random, sqlite3, subprocess, sys

VINFRA, SERVER, COPIES, SEED, STEPS = sys.argv[1], sys.argv[2], sys.argv[3:5], int(sys.argv[5]), int(sys.argv[6])
IDS = ["R-上雷-00%d" % i for i in range(1, 7)]
NAMES, YEARS = ["甲", "乙", "丙"], ["2018", "2019", "2020"]
FIELDS = ("name", "year")
rng = random.Random(SEED)


def run(*args, ok=True):
    p = subprocess.run([VINFRA, *args, "--lang", "en"], capture_output=True, text=True)
    if ok and p.returncode != 0:
        sys.exit(f"seed {SEED}: vinfra {' '.join(args)} failed: {p.stderr}")
    return p


def read_server():
    p = subprocess.run(["psql", "-X", "-qAt", "-d", SERVER, "-c",
                        "SELECT id, coalesce(name, ''), coalesce(year::text, '') FROM roads WHERE village = '上雷村' ORDER BY id"],
                       capture_output=True, text=True, check=True)
    return {l.split("|")[0]: {"name": l.split("|")[1] or None, "year": l.split("|")[2] or None}
            for l in p.stdout.splitlines() if l}


def read_copy(path):
    db = sqlite3.connect(path)
    rows = db.execute("SELECT id, name, year FROM roads ORDER BY id").fetchall()
    try:
        keys = [k for (k,) in db.execute("SELECT key FROM vinfra_kv WHERE key LIKE 'conflict%'")]
    except sqlite3.OperationalError:
        keys = []
    db.close()
    feats = {i: {"name": n, "year": str(y) if y is not None else None} for i, n, y in rows}
    conflicts = set()
    for k in keys:
        _, layer, fid, field = k.split("\t")
        conflicts.add((fid, field))
    return feats, conflicts


server = read_server()
model = {c: {"copy": json.loads(json.dumps(server)), "base": json.loads(json.dumps(server)),
             "conflicts": {}} for c in COPIES}


def merge(b, o, t):
    """(to_server, to_copy, pushed_base, pulled_base, conflicts) for one feature."""
    if o == b and t == b:
        return None
    if o != b and t == b:
        return ("push", None, o, b, [])
    if t != b and o == b:
        return (None, "pull", b, t, [])
    if o is None and t is None:
        return (None, None, None, None, [])
    if o is None or t is None:
        return (None, None, b, b, [""])
    pushed, pulled, conf, push_f, pull_f = dict(b or t), dict(b or o), [], [], []
    for f in FIELDS:
        bf = b.get(f) if b else None
        if o[f] == t[f]:
            pushed[f] = pulled[f] = o[f]
        elif b is not None and o[f] == bf:
            pull_f.append(f)
            pulled[f] = t[f]
        elif b is not None and t[f] == bf:
            push_f.append(f)
            pushed[f] = o[f]
        else:
            conf.append(f)
    return ("push" if push_f else None, "pull" if pull_f else None, pushed, pulled, conf, push_f, pull_f)


def items(c):
    m = model[c]
    out = {}
    for i in sorted(set(m["base"]) | set(m["copy"]) | set(server)):
        r = merge(m["base"].get(i), m["copy"].get(i), server.get(i))
        if r:
            out[i] = r
    return out


def record_conflicts(c, its):
    for i, r in its.items():
        for f in r[4]:
            theirs = server.get(i)
            m = model[c]
            m["conflicts"][(i, f)] = dict(theirs) if (f == "" and theirs) else (None if f == "" else theirs[f])


def set_base(c, i, rec):
    if rec is None:
        model[c]["base"].pop(i, None)
    else:
        model[c]["base"][i] = dict(rec)


def do_push(c):
    its = items(c)
    # Conflicts found by a push are recorded (and stop it), as a pull's are.
    record_conflicts(c, its)
    p = run("push", "--db", c, ok=False)
    refused = bool(model[c]["conflicts"])
    if refused != (p.returncode != 0):
        sys.exit(f"seed {SEED}: push of {c}: model refused={refused}, vinfra exit {p.returncode}: {p.stderr}")
    if refused:
        return
    for i, r in its.items():
        if r[0] != "push":
            continue
        o = model[c]["copy"].get(i)
        if o is None:
            server.pop(i, None)
        elif server.get(i) is None:
            server[i] = dict(o)
        else:
            for f in (r[5] if len(r) > 5 else FIELDS):
                server[i][f] = o[f]
        set_base(c, i, r[2])


def do_pull(c):
    its = items(c)
    run("pull", "--db", c)
    m = model[c]
    for i, r in its.items():
        if r[1] == "pull":
            t = server.get(i)
            if t is None:
                m["copy"].pop(i, None)
            elif m["copy"].get(i) is None:
                m["copy"][i] = dict(t)
            else:
                for f in (r[6] if len(r) > 6 else FIELDS):
                    m["copy"][i][f] = t[f]
        set_base(c, i, r[3])
    record_conflicts(c, its)


def do_resolve(c):
    m = model[c]
    if not m["conflicts"]:
        return
    i = rng.choice(sorted({k[0] for k in m["conflicts"]}))
    take = rng.choice(["--ours", "--theirs"])
    run("resolve", "--db", c, i, take)
    for (fid, f), theirs in sorted(m["conflicts"].items()):
        if fid != i:
            continue
        if f == "":
            set_base(c, i, theirs)
            if take == "--theirs":
                if theirs is None:
                    m["copy"].pop(i, None)
                else:
                    m["copy"][i] = dict(theirs)
        else:
            base = m["base"].setdefault(i, {})
            base[f] = theirs
            if take == "--theirs":
                m["copy"][i][f] = theirs
        del m["conflicts"][(fid, f)]


def do_edit(where):
    feats = server if where == SERVER else model[where]["copy"]
    busy = {k[0] for k in model[where]["conflicts"]} if where != SERVER else set()
    ids = [i for i in sorted(feats) if i not in busy]
    if not ids:
        return
    i = rng.choice(ids)
    if rng.random() < 0.08:
        run("delete", "--db", where, "roads", i)
        feats.pop(i)
        return
    f = rng.choice(FIELDS)
    v = rng.choice(NAMES if f == "name" else YEARS)
    run("edit", "--db", where, "roads", i, "--set", f"{f}={v}")
    feats[i][f] = v


def check(step, what):
    s = read_server()
    if s != server:
        sys.exit(f"seed {SEED}, step {step} ({what}): server {s} != model {server}")
    for c in COPIES:
        feats, conflicts = read_copy(c)
        if feats != model[c]["copy"]:
            sys.exit(f"seed {SEED}, step {step} ({what}): copy {c} {feats} != model {model[c]['copy']}")
        if conflicts != set(model[c]["conflicts"]):
            sys.exit(f"seed {SEED}, step {step} ({what}): conflicts of {c} {sorted(conflicts)} != model {sorted(model[c]['conflicts'])}")


counts = {}
for step in range(STEPS):
    op = rng.choices(["edit", "push", "pull", "resolve"], [5, 2, 2, 1])[0]
    c = rng.choice(COPIES)
    if op == "edit":
        where = rng.choice(COPIES + [SERVER])
        do_edit(where)
    elif op == "push":
        do_push(c)
    elif op == "pull":
        do_pull(c)
    else:
        do_resolve(c)
    counts[op] = counts.get(op, 0) + 1
    check(step, op)
print(f"seed {SEED}: {STEPS} steps {counts}, the stores always as the model")
