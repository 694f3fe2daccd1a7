"""Hold the write lock of an SQLite database: BEGIN IMMEDIATE, create the
file READY, wait until the file RELEASE exists (or the test is gone), then
commit an update of the roads' names, or roll back when asked (argv[4])."""
import os
import sqlite3
import sys
import time

db, ready, release = sys.argv[1:4]
commit = len(sys.argv) < 5 or sys.argv[4] != "rollback"
con = sqlite3.connect(db, isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE roads SET name = name || ' (held)' WHERE fid = 1")
open(ready, "w").close()
# No time limit (a loaded machine may take long between the two files):
# the wait ends when the test that started it asks or is gone.
parent = os.getppid()
while not os.path.exists(release) and os.getppid() == parent:
    time.sleep(0.01)
con.execute("COMMIT" if commit else "ROLLBACK")
con.close()
