"""Compile locale/*.po to .mo with polib, so no GNU gettext is needed on the machine."""

from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> None:
    for po_path in sorted(BASE_DIR.glob("locale/*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


if __name__ == "__main__":
    main()
