"""Refresh the portal's vendored browser libraries from the npm registry: `make vendor`.

Reads onboarding/portal/package.json (the pinned versions and the files to keep), runs
`npm pack` for each package into a scratch folder, and copies the named files with the
package's licence into static/vendor/<dir>-<version>/. Older versions' folders are removed and
docs/vendored.md is rewritten. Nothing is built: the files are the packages' own dist builds.
"""

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "static" / "vendor"
DOC = HERE.parent.parent / "docs" / "vendored.md"
LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "license")
# Packages that ship no licence file: their MIT notice, as their repositories give it.
MIT_HOLDERS = {
    "@alpinejs/csp": "2019-2021 Caleb Porzio and contributors",
    "@event-calendar/build": "2020 Vladimir Kurko",
}
MIT = """MIT License

Copyright (c) {holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def fetch(name: str, version: str, scratch: Path) -> Path:
    """The unpacked package folder of name@version, from `npm pack`."""
    out = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", str(scratch)],
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = scratch / out.stdout.strip().splitlines()[-1]
    target = scratch / tarball.stem
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def refresh() -> list[dict]:
    manifest = json.loads((HERE / "package.json").read_text())
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, version in manifest["dependencies"].items():
            spec = manifest["vendor"][name]
            package = fetch(name, version, Path(scratch))
            meta = json.loads((package / "package.json").read_text())
            for old in VENDOR.glob(f"{spec['dir']}-*"):
                shutil.rmtree(old)
            target = VENDOR / f"{spec['dir']}-{version}"
            target.mkdir(parents=True)
            for file in spec["files"]:
                shutil.copy2(package / file, target / Path(file).name)
            if not any((target / n).exists() for n in LICENCE_NAMES):
                found = next((package / n for n in LICENCE_NAMES if (package / n).exists()), None)
                if found:
                    shutil.copy2(found, target / found.name)
                else:
                    holder = MIT_HOLDERS[name]
                    (target / "LICENSE").write_text(MIT.format(holder=holder))
            rows.append(
                {
                    "name": name,
                    "version": version,
                    "licence": meta.get("license", "?"),
                    "dir": target.relative_to(HERE.parent.parent).as_posix(),
                    "files": sorted(p.name for p in target.iterdir()),
                    "homepage": meta.get("homepage") or f"https://www.npmjs.com/package/{name}",
                }
            )
    return rows


def write_doc(rows: list[dict]) -> None:
    lines = [
        "# Vendored browser libraries",
        "",
        "The staff portal loads these from its own static files: no CDN, no build step.",
        "Pinned in `onboarding/portal/package.json`; `make vendor` (onboarding/portal/",
        "vendor_refresh.py) fetches them with `npm pack` and rewrites this page.",
        "",
        "| package | version | licence | folder | files | used for |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    uses = {
        "@alpinejs/csp": "CSP-safe reactive layer (available to pages; not loaded yet)",
        "axe-core": "accessibility checks in the browser tests only",
        "chart.js": "the campaign dashboard's charts",
        "@event-calendar/build": "the studio board (core with every plugin, resource timeline "
        "included, as one browser build of @event-calendar/core)",
    }
    for row in rows:
        lines.append(
            f"| [{row['name']}]({row['homepage']}) | {row['version']} | {row['licence']} | "
            f"`{row['dir']}` | {', '.join(row['files'])} | {uses.get(row['name'], '')} |"
        )
    DOC.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    rows = refresh()
    write_doc(rows)
    for row in rows:
        print(f"{row['name']}@{row['version']} -> {row['dir']}", file=sys.stderr)
