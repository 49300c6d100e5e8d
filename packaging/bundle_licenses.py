"""The licence texts of what a bundle carries, gathered by code (quzhou-map.spec calls it after the build).

Python distributions: those whose modules or files PyInstaller collected (found with importlib.metadata), plus
Python itself and PyInstaller (its bootloader starts the bundle). npm packages: every package in node_modules/.
The system's libraries PyInstaller copied in (libnss3, libfontconfig...): their Debian packages' copyright files.
Each gets a folder of its licence files (LICENSE, COPYING, NOTICE, AUTHORS...). A distribution that ships none
gets a NOTICE.txt written from its metadata (licence, home page), with the licence texts Debian keeps in
/usr/share/common-licenses for the SPDX ids it names (PySide6's LGPL-3.0 and GPL). INDEX.txt lists them all.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

_LICENCE_NAME = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS|COPYRIGHT)([-._].*)?$", re.IGNORECASE)
_COMMON_LICENSES = Path("/usr/share/common-licenses")
#: SPDX ids (without -only/-or-later) → the file Debian keeps their text in.
_DEBIAN_TEXTS = {"LGPL-3.0": "LGPL-3", "LGPL-2.1": "LGPL-2.1", "GPL-2.0": "GPL-2", "GPL-3.0": "GPL-3",
                 "Apache-2.0": "Apache-2.0", "MPL-2.0": "MPL-2.0", "CC0-1.0": "CC0-1.0"}


def is_licence_file(name: str) -> bool:
    return bool(_LICENCE_NAME.match(name)) and not name.endswith((".py", ".pyc", ".js", ".ts", ".json"))


def distributions_of(top_level_names: Iterable[str]) -> set[str]:
    """The distributions (their metadata names) that provide these importable top-level names."""
    providers = metadata.packages_distributions()
    return {dist for name in top_level_names for dist in providers.get(name, ())}


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._@+-]+", "_", name)


def _licence_summary(meta: metadata.PackageMetadata) -> str:
    expression = meta.get("License-Expression") or ""
    text = meta.get("License") or ""
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or () if c.startswith("License ::")]
    if expression:
        return expression
    if text and len(text) < 200:
        return text
    return "; ".join(classifiers) or ("see the licence text" if text else "not stated")


def _debian_texts(summary: str) -> list[Path]:
    ids = {re.sub(r"-(only|or-later)$|\+$", "", token) for token in re.findall(r"[A-Za-z0-9.+-]+", summary)}
    return [_COMMON_LICENSES / _DEBIAN_TEXTS[i] for i in sorted(ids)
            if i in _DEBIAN_TEXTS and (_COMMON_LICENSES / _DEBIAN_TEXTS[i]).is_file()]


def copy_distribution(dist: metadata.Distribution, target: Path) -> tuple[str, list[str]]:
    """Copy one Python distribution's licence files into ``target``; (licence summary, files written)."""
    meta = dist.metadata
    summary = _licence_summary(meta)
    target.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    declared = set(meta.get_all("License-File") or ())
    for file in dist.files or ():
        in_metadata = file.parts[0].endswith(".dist-info")
        if not (in_metadata and (is_licence_file(file.name) or "licenses" in file.parts[1:-1]
                                 or "/".join(file.parts[2:]) in declared)):
            continue
        source = Path(str(dist.locate_file(file)))
        if source.is_file():
            name = "_".join(file.parts[1:]) if len(file.parts) > 2 else file.name
            name = name.removeprefix("licenses_")
            shutil.copyfile(source, target / name)
            written.append(name)
    if not written:
        lines = [f"{meta['Name']} {meta['Version']} ships no licence file; from its metadata:", "",
                 f"License: {summary}"]
        if meta.get("License") and meta.get("License") != summary:
            lines.append(f"License text: {meta['License']}")
        lines += [f"Home page: {url}" for url in [meta.get("Home-page"), *(meta.get_all("Project-URL") or ())] if url]
        texts = _debian_texts(summary)
        if texts:
            lines += ["", "The licence texts named there follow in this folder: " + ", ".join(p.name for p in texts)]
        (target / "NOTICE.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append("NOTICE.txt")
        for text in texts:
            shutil.copyfile(text, target / text.name)
            written.append(text.name)
    return summary, written


def npm_packages(node_modules: Path) -> list[Path]:
    """Every package folder under node_modules: NAME or @SCOPE/NAME, nested node_modules included."""
    def is_package(folder: Path) -> bool:
        parent = folder.parent.parent if folder.parent.name.startswith("@") else folder.parent
        return parent.name == "node_modules"

    return [manifest.parent for manifest in sorted(node_modules.rglob("package.json")) if is_package(manifest.parent)]


def copy_npm_package(folder: Path, target: Path) -> tuple[str, str, list[str]]:
    """(name@version, licence, files written) for one npm package."""
    manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    licence = manifest.get("license") or "not stated"
    if isinstance(licence, dict):
        licence = licence.get("type", "not stated")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for file in sorted(folder.iterdir()):
        if file.is_file() and is_licence_file(file.name):
            shutil.copyfile(file, target / file.name)
            written.append(file.name)
    if not written:
        (target / "NOTICE.txt").write_text(f"{manifest.get('name')} {manifest.get('version')} ships no licence "
                                           f"file; its package.json says: license {licence}\n", encoding="utf-8")
        written.append("NOTICE.txt")
    return f"{manifest.get('name')}@{manifest.get('version')}", str(licence), written


def debian_packages(libraries: Iterable[Path]) -> tuple[dict[str, list[str]], list[str]]:
    """The Debian packages that own these system libraries ({package: [library names]}), and the libraries
    no package owns (or all of them where there is no dpkg)."""
    libraries = sorted({Path(p) for p in libraries})
    candidates: dict[str, str] = {}
    for library in libraries:
        for path in {str(library), os.path.realpath(library)}:
            for variant in {path, path.removeprefix("/usr") if path.startswith("/usr/") else "/usr" + path}:
                candidates[variant] = library.name
    owners: dict[str, list[str]] = {}
    found: set[str] = set()
    if shutil.which("dpkg-query") and candidates:
        out = subprocess.run(["dpkg-query", "-S", *candidates], capture_output=True, text=True).stdout
        for line in out.splitlines():
            package, _, path = line.partition(": ")
            name = candidates.get(path.strip())
            if name and name not in found:
                found.add(name)
                owners.setdefault(package.split(":")[0], []).append(name)
    return owners, [lib.name for lib in libraries if lib.name not in found]


def python_licence() -> Path | None:
    """The licence of the Python the bundle carries (its standard library's LICENSE.txt)."""
    path = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    return path if path.is_file() else None


def collect(target: Path, distributions: Iterable[str], node_modules: Path | None, own_licence: Path,
            system_libraries: Iterable[Path] = ()) -> Path:
    """Write ``target`` (licenses/): one folder per component and INDEX.txt; returns the index.
    ``system_libraries``: the operating system's libraries PyInstaller copied in (Linux: their Debian
    packages' copyright files go to debian/PACKAGE/)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    rows = ["quzhou-map bundles the components below; each folder holds its licence texts.", ""]
    shutil.copyfile(own_licence, target / "quzhou-map-LICENSE")
    rows.append("quzhou-map (this program): MIT: quzhou-map-LICENSE")
    python = python_licence()
    version = ".".join(map(str, sys.version_info[:3]))
    if python:
        (target / "python" / f"Python-{version}").mkdir(parents=True)
        shutil.copyfile(python, target / "python" / f"Python-{version}" / "LICENSE.txt")
        rows.append(f"Python {version}: PSF-2.0: python/Python-{version}/")
    for name in sorted(set(distributions), key=str.lower):
        dist = metadata.distribution(name)
        folder = f"python/{_safe(dist.metadata['Name'])}-{dist.version}"
        summary, files = copy_distribution(dist, target / folder)
        rows.append(f"{dist.metadata['Name']} {dist.version} (PyPI): {summary}: {folder}/ ({', '.join(files)})")
    if node_modules is not None and node_modules.is_dir():
        for package in npm_packages(node_modules):
            manifest = json.loads((package / "package.json").read_text(encoding="utf-8"))
            folder = f"npm/{_safe(str(manifest.get('name')))}-{manifest.get('version')}"
            label, licence, files = copy_npm_package(package, target / folder)
            rows.append(f"{label} (npm): {licence}: {folder}/ ({', '.join(files)})")
    owners, unowned = debian_packages(system_libraries)
    for package, names in sorted(owners.items()):
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if copyright_file.is_file():
            (target / "debian" / package).mkdir(parents=True)
            shutil.copyfile(copyright_file, target / "debian" / package / "copyright")
            rows.append(f"{package} (Debian, for {', '.join(sorted(names))}): debian/{package}/copyright")
    if unowned:
        rows.append("Libraries of the build machine's system, whose licences are those of its packages: "
                    + ", ".join(unowned))
    index = target / "INDEX.txt"
    index.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return index
