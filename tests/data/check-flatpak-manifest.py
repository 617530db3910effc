#!/usr/bin/python3
"""Checks the Flatpak manifest: valid JSON, our app id, a GNOME runtime that ships libcurl,
libsoup, libsecret, json-glib and libxml2, a module that builds qpdf (which it does not ship),
and a last module that builds this tree with meson."""
import json
import sys

path = sys.argv[1]
try:
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
except (OSError, ValueError) as e:
    sys.exit(f"{path}: not valid JSON: {e}")

problems = []
if manifest.get("id") != "io.github.doubletime.DoubleTime":
    problems.append("id must be io.github.doubletime.DoubleTime")
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    problems.append("runtime must be org.gnome.Platform with org.gnome.Sdk "
                    "(it ships GTK 4, libadwaita, libsoup 3, json-glib, libsecret and libcurl)")
try:
    if int(manifest.get("runtime-version", "0")) < 47:
        problems.append("runtime-version must be a current GNOME runtime (47 or later)")
except ValueError:
    problems.append("runtime-version must be a GNOME release number")
if manifest.get("command") != "doubletime":
    problems.append("command must be doubletime")
args = manifest.get("finish-args", [])
for needed in ("--share=network", "--socket=wayland", "--share=ipc"):
    if needed not in args:
        problems.append(f"finish-args lacks {needed}")
for forbidden in ("--filesystem=host", "--filesystem=home", "--socket=session-bus"):
    if forbidden in args:
        problems.append(f"finish-args must not grant {forbidden}")
modules = manifest.get("modules", [])
if not modules:
    problems.append("no modules")
else:
    last = modules[-1]
    if not isinstance(last, dict) or last.get("name") != "doubletime":
        problems.append("the last module must be doubletime")
    elif last.get("buildsystem") != "meson":
        problems.append("doubletime must build with meson")
    elif not any(s.get("type") in ("dir", "git") for s in last.get("sources", [])):
        problems.append("doubletime must build from this tree (a dir or git source)")
    for m in modules:
        if isinstance(m, dict) and m.get("name") in ("curl", "libcurl", "libsoup", "libsecret",
                                                     "libxml2"):
            problems.append(f"module {m['name']} is already in the GNOME runtime")

# Factur-X needs libqpdf, which no GNOME runtime ships: a module must build it, before the app.
names = [m.get("name") for m in modules if isinstance(m, dict)]
if "qpdf" not in names:
    problems.append("a module must build qpdf (libqpdf is not in the GNOME runtime)")
elif names and names.index("qpdf") > len(names) - 2:
    problems.append("qpdf must be built before doubletime")

# The runtime has Latin, Greek and Cyrillic fonts but none for Chinese, Japanese or Korean:
# without one, such a client's name could not be printed (the app refuses to issue it).
if not any(isinstance(m, dict) and "cjk" in m.get("name", "") for m in modules):
    problems.append("a module must bring a CJK font (the GNOME runtime has none)")

if problems:
    sys.exit(f"{path}:\n  " + "\n  ".join(problems))
print(f"{path}: ok ({len(modules)} module(s))")
