"""Download the official files the readers understand, with a checksum manifest.

``fetch(dest)`` downloads each catalogued file into ``dest/<folder>/<file>``. A file already
present whose SHA-256 matches ``dest/manifest.json`` is not downloaded again; an interrupted
download resumes from its ``.part`` file with an HTTP Range request; a file whose checksum
differs from a pinned or previously recorded one is refused. Being offline stops with a message
saying what was already downloaded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from analysis_lib.errors import DataFileError, DataNotAvailableError

log = logging.getLogger("analysis_lib.data")
CSC_REPO = "https://raw.githubusercontent.com/dfe-analytical-services/CSC_outcomes_and_enablers"


@dataclass(frozen=True)
class RemoteFile:
    """A published file: where it goes under the raw data folder and where it is published."""

    dest: str
    url: str
    publisher: str
    sha256: str | None = None  # pinned checksum, when known


#: Published addresses. DfE's Explore Education Statistics download links change with every
#: release, so these are DfE's own copies in its analytical services repository, pinned to a
#: commit (see ../shared/data/real/PROVENANCE.md for the releases they come from).
OFFICIAL_FILES = (
    RemoteFile("csc_workforce/csww_indicators_2017_to_2025.csv",
               f"{CSC_REPO}/10a68d81b61e461d6c87b4d0b676a3a56b1c152a/data-raw/"
               "csww_indicators_2017_to_2025.csv",
               "DfE, Children's social work workforce (OGL v3)"),
    RemoteFile("children_in_need/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
               f"{CSC_REPO}/c19350f74e8d3c1ad18beb2d6069f0c82f19a571/data-raw/"
               "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
               "DfE, Children in need (OGL v3)"),
    RemoteFile("children_in_need/d3_cpps_subsequent_plan_2013_to_2025.csv",
               f"{CSC_REPO}/c19350f74e8d3c1ad18beb2d6069f0c82f19a571/data-raw/"
               "d3_cpps_subsequent_plan_2013_to_2025.csv",
               "DfE, Children in need (OGL v3)"),
    RemoteFile("attainment/ks2_la_by_social_care_group_2019_2025.csv",
               f"{CSC_REPO}/da9e6221947780fc110aea53a8e6921116c212e5/data-raw/ks2_la.csv",
               "DfE, Outcomes for children in need (OGL v3)"),
    RemoteFile("attainment/ks4_la_by_social_care_group_2019_2025.csv",
               f"{CSC_REPO}/da9e6221947780fc110aea53a8e6921116c212e5/data-raw/ks4_la.csv",
               "DfE, Outcomes for children in need (OGL v3)"),
    RemoteFile("lookups/New_Statistical_Neighbour_Groupings_April_2021.csv",
               f"{CSC_REPO}/1329930840af1494de032849c2f07a5d58e08f61/data-raw/"
               "New_Statistical_Neighbour_Groupings_April_2021.csv",
               "DfE, Children's services statistical neighbour benchmarking tool (OGL v3)"),
    RemoteFile("lookups/sn_model_2025_wide.csv",
               f"{CSC_REPO}/1329930840af1494de032849c2f07a5d58e08f61/data-raw/"
               "sn_model_2025_wide.csv",
               "DfE, statistical neighbours 2025 model (OGL v3)"),
)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(url: str, part: Path, timeout: float) -> None:
    """Download ``url`` into ``part``, resuming from its current size when it exists."""
    start = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": "evidence-data-fetch"})
    if start:
        request.add_header("Range", f"bytes={start}-")
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as err:
        if err.code == 416 and start:  # nothing left to send: the part file is complete
            return
        raise
    with response:
        resumed = start and response.status == 206
        with part.open("ab" if resumed else "wb") as fh:
            shutil.copyfileobj(response, fh, length=1 << 20)


def fetch(dest, files: tuple[RemoteFile, ...] = OFFICIAL_FILES, *,
          timeout: float = 60) -> dict[str, str]:
    """Download ``files`` into ``dest``; returns path -> "cached" | "downloaded".

    Raises DataNotAvailableError when a server cannot be reached and DataFileError when a
    download's SHA-256 differs from the pinned or recorded checksum (the file is not kept).
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    manifest_path = dest / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    status = {}
    for remote in files:
        target = dest / remote.dest
        expected = remote.sha256 or manifest.get(remote.dest, {}).get("sha256")
        if target.exists() and expected and _sha256(target) == expected:
            status[remote.dest] = "cached"
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(target.name + ".part")
        try:
            _download(remote.url, part, timeout)
        except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
            done = [k for k, v in status.items() if v]
            raise DataNotAvailableError(
                f"cannot download {remote.url} ({getattr(err, 'reason', err)}): are you "
                f"offline? {len(done)} file(s) already in {dest}; partial downloads resume "
                "when you run `evidence data fetch` again") from err
        digest = _sha256(part)
        if expected and digest != expected:
            part.unlink()
            raise DataFileError(target, "downloaded file does not match its checksum",
                                expected=f"SHA-256 {expected}, got {digest}")
        part.replace(target)
        manifest[remote.dest] = {"url": remote.url, "sha256": digest,
                                 "bytes": target.stat().st_size, "publisher": remote.publisher,
                                 "fetched_at": datetime.now(UTC).isoformat(timespec="seconds")}
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
        status[remote.dest] = "downloaded"
        log.info("downloaded %s", remote.dest)
    return status
