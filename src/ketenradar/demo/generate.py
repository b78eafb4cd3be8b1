"""`ketenradar demo-world generate`: write a whole demo world, deterministically by seed.

Layout (docs/contracts.md, docs/demo-world.md): manifest.json, sources/, sites/<domain>/...,
sites.json, ground_truth/firms.jsonl and ground_truth/records.jsonl.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ketenradar.demo import discovery as U
from ketenradar.demo import sites as S
from ketenradar.demo.config import STYLES, WorldConfig, resolve_config
from ketenradar.demo.population import Firm, make_population, rng_for, slug
from ketenradar.demo.sources import write_all
from ketenradar.errors import InputError

GENERATOR_VERSION = "2.1"  # 2.1: unlisted sites and decoys (demo/discovery.py)
__all__ = ["STYLES", "generate_world"]
STATUS_OF_MODE = {
    "unreachable": "unreachable",
    "robots_forbidden": "robots_forbidden",
    "js_only": "no_text",
    "parked": "parked",
    "too_large": "too_large",
}


def _assign_sites(firms: list[Firm], seed: int, config: WorldConfig) -> None:
    """Give firms domains, languages and noise modes (in firm order, so it is deterministic)."""
    used: set[str] = set()
    for f in firms:
        r = rng_for(seed, f.index, "domain")
        x = r.random()
        f.language = "nl" if x < 0.76 else "en" if x < 0.83 else "mixed" if x < 0.92 else "nl_de"
        if r.random() >= 0.9:
            continue
        base = slug(f.short_name)
        if r.random() < 0.5:
            base = base.replace("-", "")
        tld = r.choices([".nl", ".com", ".eu"], weights=[88, 7, 5])[0]
        bare = base + tld
        if bare in used:
            bare = f"{base}-{slug(f.place)}{tld}"
        n = 2
        while bare in used:
            bare = f"{base}{n}{tld}"
            n += 1
        used.add(bare)
        www = r.random() < 0.85
        f.domain = f"www.{bare}" if www else bare
        f.alias = bare if www else f"www.{bare}"
        modes: list[str] = []
        x = r.random()
        for mode, share in config.site_noise():
            if x < share:
                modes.append(mode)
                break
            x -= share
        https = r.random() < 0.7
        f.scheme = "https" if https else "http"
        if https:
            modes.append("redirect_https")
        modes.append("redirect_www" if www else "redirect_bare")
        if not any(m in STATUS_OF_MODE for m in modes):
            if r.random() < 0.05:
                modes.append("broken_html")
            if r.random() < 0.4:
                modes.append("sitemap")
        f.site_modes = modes
        f.site_status = next((STATUS_OF_MODE[m] for m in modes if m in STATUS_OF_MODE), "ok")
        f.site_owner_kvk = None if "parked" in modes else f.kvk
        f.in_kvk_websites = r.random() < 0.75
        if r.random() < 0.04:
            old = f"{base}-{slug(f.place)}{tld}"
            old = old if old not in used else f"{base}-oud{tld}"
            if old not in used:
                used.add(old)
                f.old_domain = old
                f.old_domain_live = r.random() < 0.5
    # Wrong-owner: a firm without a site whose lists point to another firm's (working) site.
    ok_sites = [f.index for f in firms if f.site_status == "ok"]
    for f in firms:
        r = rng_for(seed, f.index, "wrong-owner")
        if f.domain is None and ok_sites and r.random() < 0.1:
            other = firms[r.choice(ok_sites)]
            f.wrong_site_of = other.index
            f.site_owner_kvk = other.kvk


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def _write_site(site_dir: str, files: dict[str, bytes]) -> None:
    # os.open/os.write: about half the system calls of open(), which matters for ~100k files.
    os.mkdir(site_dir)
    made = {""}
    for rel, data in files.items():
        parent = os.path.dirname(rel)
        if parent not in made:
            os.makedirs(os.path.join(site_dir, parent), exist_ok=True)
            made.add(parent)
        fd = os.open(os.path.join(site_dir, rel), _FLAGS, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)


def _render_batch(args: tuple[list[Firm], WorldConfig, int, str]) -> list[tuple[int, list[str]]]:
    """Render a batch of sites and write them. Writing many small files is latency-bound on
    most disks, so a few threads overlap it (the rendering itself runs in worker processes)."""
    batch, config, seed, out = args
    results = []
    with ThreadPoolExecutor(max_workers=4) as writers:
        pending = []
        for firm in batch:
            stated, files = _site_files(firm, config, seed)
            results.append((firm.index, stated))
            if files:
                pending.append(
                    writers.submit(_write_site, os.path.join(out, "sites", firm.domain or ""), files)
                )
        for fut in pending:
            fut.result()
    return results


def _site_files(firm: Firm, config: WorldConfig, seed: int) -> tuple[list[str], dict[str, bytes]]:
    """(ids the pages state, files) for one firm's site, noise applied."""
    modes = firm.site_modes
    domain = firm.domain or ""
    if "unreachable" in modes:
        return S.render_site(firm, config, seed).stated, {}
    if "parked" in modes:
        return [], {"index.html": S.P.PARKED.format(domain=domain.removeprefix("www.")).encode()}
    site = S.render_site(firm, config, seed)
    files = dict(site.files)
    rng = random.Random(f"ketenradar-demo/{seed}/{firm.index}/noise")
    if "js_only" in modes:
        h = f"{rng.getrandbits(32):08x}"
        files = {
            "index.html": S.P.JS_SHELL.format(h=h).encode(),
            f"static/js/main.{h}.js": b"!function(){var e=document.getElementById('root');"
            b"fetch('/api/content.json').then(function(r){return r.json()}).then(function(d){"
            b"e.innerHTML=d.html})}();\n",
            f"static/css/app.{h}.css": b"body{margin:0;font-family:sans-serif}\n",
        }
    if "broken_html" in modes:
        files = {
            k: (S.break_html(v.decode(), rng).encode() if k.endswith(".html") else v)
            for k, v in files.items()
        }
    urls = sorted(site.urls)
    files["robots.txt"] = S.robots_txt(domain, firm.scheme, "robots_forbidden" in modes, "sitemap" in modes)
    if "sitemap" in modes:
        files["sitemap.xml"] = S.sitemap_xml(domain, firm.scheme, urls)
    return site.stated, files


def generate_world(
    out: Path,
    *,
    firms: int,
    seed: int,
    preset: str | None = None,
    style: str | None = None,
    config: WorldConfig | str | Path | None = None,
    quiet: bool = False,
    workers: int | None = None,
) -> dict[str, Any]:
    """Write the demo world into `out` (replacing an earlier world there). Returns counts.

    The world's difficulty comes from `config` (a WorldConfig or a TOML file), else from `preset`
    (easy | medium | hard; default medium). `style` (default | alt) overrides the config's.
    """
    cfg = resolve_config(preset, style, config)
    style = cfg.style
    if firms < 10:
        raise InputError("a demo world needs at least 10 firms", field="firms")
    out = Path(out)
    if (out / "manifest.json").exists() or (out / "sites").exists():
        for sub in ("sites", "sources", "ground_truth"):
            shutil.rmtree(out / sub, ignore_errors=True)
    (out / "sites").mkdir(parents=True, exist_ok=True)
    population = make_population(firms, seed, cfg)
    _assign_sites(population, seed, cfg)

    with_site = [f for f in population if f.domain]
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    stated = _render_all(with_site, cfg, seed, out, workers, None if quiet else _progress(len(with_site)))

    sites_json: dict[str, dict[str, Any]] = {}
    for f in with_site:
        f.stated = stated[f.index]
        sites_json[f.domain or ""] = _site_entry(f)
        if f.old_domain:
            sites_json[f.old_domain] = {
                "status": "moved" if f.old_domain_live else "gone",
                "modes": ["moved"] if f.old_domain_live else ["dns_missing"],
                "scheme": "http",
                "aliases": [f"www.{f.old_domain}"],
                "redirect_to": f.website if f.old_domain_live else None,
                "kvk_number": None,
            }

    sources, records = write_all(out, population, seed, cfg)
    # Unlisted sites and decoys come after the sources (which mark the sites they list) and from
    # random streams of their own, so everything above is the same with or without them.
    used = set(sites_json) | {a for e in sites_json.values() for a in e.get("aliases", [])}
    natural, new_sites, decoys, on_name = U.plan(population, seed, cfg, used)
    new_stated = _render_all(new_sites, cfg, seed, out, workers, None)
    for f in new_sites:
        f.stated = new_stated[f.index]
        sites_json[f.domain or ""] = _site_entry(f)
    decoy_firms = [d.firm for d in decoys if d.firm is not None]
    _render_all(decoy_firms, cfg, seed, out, workers, None)
    for d in decoys:
        if d.firm is not None:
            sites_json[d.domain] = _site_entry(d.firm) | {"decoy": d.kind, "decoy_of": d.of_kvk}
            continue
        if d.kind == "parked":
            files = {"index.html": S.P.PARKED.format(domain=d.domain.removeprefix("www.")).encode()}
        else:
            files = {"index.html": U.directory_page(d, seed), "contact.html": U.directory_contact_page()}
        _write_site(os.path.join(out, "sites", d.domain), files)
        sites_json[d.domain] = {
            "status": "parked" if d.kind == "parked" else "ok",
            "modes": ["parked"] if d.kind == "parked" else [],
            "scheme": "http",
            "aliases": [d.alias],
            "kvk_number": None,
            "decoy": d.kind,
            "decoy_of": d.of_kvk,
        }
    sites_json = dict(sorted(sites_json.items()))
    (out / "sites.json").write_text(json.dumps(sites_json, indent=1, ensure_ascii=False) + "\n")

    truth_dir = out / "ground_truth"
    truth_dir.mkdir(exist_ok=True)
    with open(truth_dir / "firms.jsonl", "w", encoding="utf-8") as fh:
        for f in population:
            fh.write(json.dumps(_truth(f, population, cfg), ensure_ascii=False) + "\n")
    with open(truth_dir / "records.jsonl", "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    _write_discovery_truth(truth_dir, natural, new_sites, decoys, on_name)

    counts: dict[str, Any] = {"firms": firms, "seed": seed, "preset": cfg.name, "style": style}
    for cat in ("A", "B", "C", "D", "none"):
        counts[f"category_{cat}"] = sum(1 for f in population if f.category == cat)
    counts["labelled_A"] = sum(1 for f in population if f.category == "A" and f.labelled)
    counts["labelled_B"] = sum(1 for f in population if f.category == "B" and f.labelled)
    counts["sites"] = len(with_site)
    for status in ("ok", "unreachable", "robots_forbidden", "no_text", "parked", "too_large"):
        counts[f"site_{status}"] = sum(1 for f in with_site if f.site_status == status)
    counts["unlisted_sites"] = len(natural) + len(new_sites)
    counts["unlisted_sites_new"] = len(new_sites)
    for kind in U.DECOY_KINDS:
        counts[f"decoys_{kind}"] = sum(1 for d in decoys if d.kind == kind)
    counts["source_files"] = len(sources)
    counts["source_rows"] = len(records)
    manifest = {
        "firms": firms,
        "seed": seed,
        "preset": cfg.name,
        "style": style,
        "world_config": cfg.to_dict(),
        "generator_version": GENERATOR_VERSION,
        "sources": sources,
        "ground_truth": "ground_truth",
        "sites": "sites",
        "sites_config": "sites.json",
        "counts": counts,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return counts


def _site_entry(f: Firm) -> dict[str, Any]:
    return {
        "status": f.site_status,
        "modes": f.site_modes,
        "scheme": f.scheme,
        "aliases": [f.alias],
        "kvk_number": f.site_owner_kvk,
    }


def _render_all(
    firms: list[Firm], cfg: WorldConfig, seed: int, out: Path, workers: int, progress: Any
) -> dict[int, list[str]]:
    """Render and write the sites of `firms` (in worker processes when there are several batches);
    return index -> ids the pages state."""
    stated: dict[int, list[str]] = {}
    size = max(10, min(100, len(firms) // (4 * max(workers, 1)) or 1))
    jobs = [(firms[i : i + size], cfg, seed, str(out)) for i in range(0, len(firms), size)]
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for results in pool.map(_render_batch, jobs):
                stated.update(results)
                if progress:
                    progress[0].advance(progress[1], len(results))
    else:
        for job in jobs:
            results = _render_batch(job)
            stated.update(results)
            if progress:
                progress[0].advance(progress[1], len(results))
    if progress:
        progress[0].stop()
    return stated


def _write_discovery_truth(
    truth_dir: Path,
    natural: list[Firm],
    new_sites: list[Firm],
    decoys: list[U.Decoy],
    on_name: dict[int, bool],
) -> None:
    """ground_truth/unlisted_sites.jsonl (the sites only discovery can find) and decoys.jsonl."""
    new = {f.index for f in new_sites}
    with open(truth_dir / "unlisted_sites.jsonl", "w", encoding="utf-8") as fh:
        for f in sorted([*natural, *new_sites], key=lambda f: f.index):
            row = {
                "kvk_number": f.kvk,
                "domain": f.domain,
                "website": f.website,
                "new_site": f.index in new,
                "on_name": on_name.get(f.index, True),
                "capabilities": f.stated,
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(truth_dir / "decoys.jsonl", "w", encoding="utf-8") as fh:
        for d in decoys:
            row = {
                "decoy": d.kind,
                "domain": d.domain,
                "of_kvk_number": d.of_kvk,
                "kvk_number": d.firm.kvk if d.firm else None,
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _truth(f: Firm, population: list[Firm], cfg: WorldConfig) -> dict[str, Any]:
    if f.wrong_site_of is not None:
        other = population[f.wrong_site_of]
        website, domain, status = other.website, other.domain, "ok"
    else:
        website, domain, status = f.website, f.domain, f.site_status
    readable = f.domain is not None and f.site_status == "ok"
    return {
        "kvk_number": f.kvk,
        "name": f.legal_name,
        "display_name": f.display_name,
        "trade_names": f.trade_names,
        "category": f.category,
        "capabilities": f.stated if readable else [],
        "site_capabilities": f.stated,
        "latent_features": f.features,
        "website": website,
        "domain": domain,
        "site_status": status,
        "site_owner_kvk": f.site_owner_kvk,
        "site_modes": f.site_modes,
        "old_domain": f.old_domain,
        "language": f.language if f.domain else None,
        "style": cfg.style,
        "preset": cfg.name,
        "labelled": f.labelled,
        "quiet_site": f.quiet_site,
        "traits": f.traits,
        "archetype": f.archetype,
        "sophistication": f.sophistication,
        "employees": f.employees,
        "sbi_main": f.sbi_main,
        "sbi_codes": [f.sbi_main, *f.sbi_other],
        "province": f.province,
        "place": f.place,
        "postcode": f.postcode,
        "vestigingsnummer": f.vestiging,
    }


def _progress(total: int):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ketenradar.stage import err_console

    progress = Progress(
        TextColumn("demo world: sites"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, transient=True,
    )  # fmt: skip
    progress.start()
    task = progress.add_task("sites", total=total)
    return progress, task
