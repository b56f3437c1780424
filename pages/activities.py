"""The facilitator's activities console: a stage's ordered activities (add, reorder,
remove), open one on the phones, show one on the projector, edit its set-up, moderate
its answers, prefill it from earlier stages, import a programme long-list."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from pages import common
from pages.common import require_facilitator, require_workshop, run, store, tr
from workshop import live
from workshop.activities import carry, longlist, results
from workshop.activities import kinds as k
from workshop.activities.kinds import Activity
from workshop.domain import WorkshopError

auth = require_facilitator()
wid = require_workshop()
common.lang_switch()
st.header(tr("nav.activities"))

stages = store().stages(wid)
current = store().current_stage(wid)
stage_id = st.selectbox(
    tr("act.stage"),
    [s.id for s in stages],
    index=[s.id for s in stages].index(current.id),
    key="act_stage",
    format_func=lambda sid: next(f"Tahap {s.roman} – {s.title}" for s in stages if s.id == sid),
)
acts = store().ensure_activities(auth, stage_id)
counts = store().activity_counts(stage_id)
pillars = store().pillars(wid)
pillar_names = {p.id: p.short for p in pillars}
pillar_ids = {p.short: p.id for p in pillars}


def _label(a: Activity) -> str:
    state = " · [" + tr("act.open") + "]" if a.is_open else ""
    state += " · [" + tr("act.shown") + "]" if a.shown else ""
    return f"{a.position}. {a.title} ({counts.get(a.id, 0)}){state}"


st.subheader(tr("act.list"))
for a in acts:
    with st.container(border=True, key=f"act_row_{a.id}"):
        st.markdown(f"**{live.esc(_label(a))}**")
        c = st.columns(5)
        if a.is_open:
            c[0].button(
                tr("act.close"),
                key=f"act_close_{a.id}",
                on_click=run,
                args=(store().set_activity_open, auth, a.id, False),
            )
        else:
            c[0].button(
                tr("act.open_btn"),
                key=f"act_open_{a.id}",
                type="primary",
                disabled=stage_id != current.id,
                on_click=run,
                args=(store().set_activity_open, auth, a.id, True),
            )
        c[1].button(
            tr("act.hide_btn") if a.shown else tr("act.show_btn"),
            key=f"act_show_{a.id}",
            on_click=run,
            args=(store().set_activity_shown, auth, a.id, not a.shown),
        )
        c[2].button(
            "▲", key=f"act_up_{a.id}", on_click=run, args=(store().move_activity, auth, a.id, -1)
        )
        c[3].button(
            "▼", key=f"act_down_{a.id}", on_click=run, args=(store().move_activity, auth, a.id, 1)
        )
        c[4].button(
            tr("act.remove"),
            key=f"act_remove_{a.id}",
            on_click=run,
            args=(store().remove_activity, auth, a.id),
        )

with st.form("act_add_form"):
    kind = st.selectbox(
        tr("act.add_kind"),
        list(k.KINDS),
        key="act_add_kind",
        format_func=lambda x: tr("kind_act." + x),
    )
    if st.form_submit_button(tr("act.add"), key="act_add"):
        run(store().add_activity, auth, stage_id, kind, rerun=True, ok=tr("common.saved"))

st.divider()
edit_id = st.selectbox(
    tr("act.edit"),
    [a.id for a in acts],
    key="act_edit",
    format_func=lambda i: next(_label(a) for a in acts if a.id == i),
)
act = store().activity(edit_id)


def save(config: dict[str, Any]) -> None:
    run(store().update_activity, auth, act.id, config=config, ok=tr("common.saved"), rerun=True)


def prefill_button() -> None:
    if act.kind in carry.PREFILL and st.button(tr("act.prefill"), key="act_prefill"):
        config = carry.prefill(store(), act)
        if config is not None:
            save(config)


def table_editor(
    rows: list[dict[str, Any]], columns: dict[str, Any], key: str
) -> list[dict[str, Any]]:
    df = pd.DataFrame(rows, columns=["key", *columns])
    got = st.data_editor(
        df,
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={"key": None, **columns},
    )
    out: list[dict[str, Any]] = []
    used = {r.get("key") for r in rows}
    n = len(rows)
    for rec in got.to_dict("records"):
        if all(
            v is None or v == "" or (isinstance(v, float) and pd.isna(v))
            for kk, v in rec.items()
            if kk != "key"
        ):
            continue
        if not isinstance(rec.get("key"), str) or not rec["key"]:
            n += 1
            while f"n{n}" in used:
                n += 1
            rec["key"] = f"n{n}"
            used.add(rec["key"])
        out.append(
            {kk: (None if isinstance(v, float) and pd.isna(v) else v) for kk, v in rec.items()}
        )
    return out


pillar_col = st.column_config.SelectboxColumn(tr("idea.pillar"), options=list(pillar_ids))


def with_pillar_names(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "pillar_id": pillar_names.get(r.get("pillar_id") or 0)} for r in rows]


def with_pillar_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "pillar_id": pillar_ids.get(str(r.get("pillar_id")))} for r in rows]


if act.kind == "ideas":
    st.info(tr("act.ideas_help"))
    st.page_link("pages/control.py", label=tr("nav.control"), icon=":material/tune:")
elif act.kind == "readiness":
    rows = table_editor(
        act.config["items"],
        {
            "dimension": st.column_config.SelectboxColumn(
                tr("act.dimension"), options=list(k.DIMENSIONS)
            ),
            "label": st.column_config.TextColumn(tr("act.item"), max_chars=k.TITLE_MAX),
        },
        "act_items",
    )
    per = st.checkbox(
        tr("act.per_pillar"), value=act.config.get("per_pillar", False), key="act_per_pillar"
    )
    if st.button(tr("common.save"), key="act_save", type="primary"):
        save({"items": rows, "per_pillar": per})
    m = results.readiness_matrix(store(), stage_id, act.id)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("act.item"): i["label"],
                    tr("act.all"): i["mean"],
                    **{results.group_label(g): m["by_group"][g].get(i["key"]) for g in m["groups"]},
                }
                for i in m["items"]
            ]
        ),
        hide_index=True,
        key="act_readiness_table",
    )
elif act.kind in ("swot", "keywords"):
    if act.kind == "swot":
        cap = st.number_input(
            tr("act.cap"), 1, k.SWOT_CAP_MAX, act.config.get("cap", 12), key="act_cap"
        )
        if st.button(tr("common.save"), key="act_save"):
            save({"cap": cap})
        with st.form("act_floor", clear_on_submit=True):
            fp = st.selectbox(
                tr("idea.pillar"),
                [p.id for p in pillars],
                format_func=lambda i: pillar_names[i],
                key="act_floor_pillar",
            )
            fq = st.selectbox(
                tr("act.quadrant"),
                list(k.QUADRANTS),
                format_func=lambda q: tr("swot." + q),
                key="act_floor_q",
            )
            ft = st.text_input(tr("act.swot_text"), key="act_floor_text", max_chars=200)
            if st.form_submit_button(tr("act.add_card"), key="act_floor_add"):
                run(store().add_floor_card, auth, act.id, fp, fq, ft, ok=tr("common.saved"))
    else:
        st.dataframe(
            pd.DataFrame(
                results.keyword_counts(store(), stage_id, act.id),
                columns=[tr("act.keyword_col"), tr("act.count")],
            ),
            hide_index=True,
            key="act_kw_table",
        )
    st.subheader(tr("act.moderate"))
    for r in store().activity_answers(act.id)[-200:]:
        v = r["value"]
        text = v["text"] if act.kind == "swot" else ", ".join(v.get("words", []))
        meta = (
            f"{pillar_names.get(v.get('pillar_id'), '')} · {tr('swot.' + v['quadrant'])}"
            if act.kind == "swot"
            else ""
        )
        c1, c2 = st.columns([4, 1])
        c1.html(
            live.card_html(
                text, meta + (" · " + tr("act.hidden") if r["status"] == "hidden" else "")
            )
        )
        c2.button(
            tr("act.show_answer") if r["status"] == "hidden" else tr("act.hide_answer"),
            key=f"act_mod_{r['id']}",
            on_click=run,
            args=(
                store().moderate_answer,
                auth,
                r["id"],
                "shown" if r["status"] == "hidden" else "hidden",
            ),
        )
elif act.kind == "statements":
    prefill_button()
    rows = table_editor(
        act.config["statements"],
        {
            "kind": st.column_config.SelectboxColumn(
                tr("act.stmt_kind"), options=list(k.STATEMENT_KINDS)
            ),
            "text": st.column_config.TextColumn(
                tr("act.stmt_text"), max_chars=k.STATEMENT_MAX, width="large"
            ),
        },
        "act_statements",
    )
    most = st.number_input(
        tr("act.max_approve"), 0, k.MAX_STATEMENTS, act.config.get("max_approve", 0), key="act_max"
    )
    if st.button(tr("common.save"), key="act_save", type="primary"):
        save({"statements": rows, "max_approve": most})
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("act.stmt_text"): r["text"],
                    tr("act.approve"): r["approve"],
                    "%": round(100 * r["share"]),
                }
                for r in results.statement_support(store(), stage_id, act.id)
            ]
        ),
        hide_index=True,
        key="act_support_table",
    )
elif act.kind == "longlist":
    up = st.file_uploader(tr("act.import"), type=["csv", "xlsx"], key="act_import_file")
    if up is not None:
        preview = longlist.parse_programmes(up.getvalue(), up.name, len(act.config["programmes"]))
        if preview.file_error:
            st.error(common.message(WorkshopError(preview.file_error)))
        for line, msg in preview.errors[:20]:
            st.warning(f"{tr('act.row')} {line}: {common.message(WorkshopError(msg))}")
        if preview.rows:
            st.caption(tr("act.preview", n=len(preview.rows)))
            if st.button(tr("act.import_add"), key="act_import_add", type="primary"):
                for row in preview.rows:
                    row["pillar_id"] = longlist.suggest_pillar(row, pillars)
                save({"programmes": act.config["programmes"] + preview.rows})
    rows = table_editor(
        with_pillar_names(act.config["programmes"]),
        {
            "name": st.column_config.TextColumn(
                tr("act.programme"), max_chars=k.PROGRAMME_MAX, width="large"
            ),
            "opd": st.column_config.TextColumn("OPD"),
            "indicator": st.column_config.TextColumn(tr("act.indicator")),
            "budget": st.column_config.NumberColumn(tr("act.budget"), min_value=0, step=1),
            "pillar_id": pillar_col,
        },
        "act_programmes",
    )
    if st.button(tr("common.save"), key="act_save", type="primary"):
        save(
            {
                "programmes": [
                    {**r, "budget": None if r.get("budget") is None else int(r["budget"])}
                    for r in with_pillar_ids(rows)
                ]
            }
        )
elif act.kind in ("usg", "roadmap"):
    prefill_button()
    field = "candidates" if act.kind == "usg" else "items"
    columns: dict[str, Any] = {
        "title": st.column_config.TextColumn(
            tr("act.candidate"), max_chars=k.PROGRAMME_MAX, width="large"
        ),
        "pillar_id": pillar_col,
        "source": st.column_config.TextColumn(tr("act.source")),
    }
    if act.kind == "roadmap":
        columns["horizon"] = st.column_config.SelectboxColumn(
            tr("act.horizon"), options=list(k.HORIZONS)
        )
    rows = table_editor(with_pillar_names(act.config[field]), columns, f"act_{field}")
    if st.button(tr("common.save"), key="act_save", type="primary"):
        save({field: with_pillar_ids(rows)})
    data = (
        results.usg_ranking(store(), stage_id, activity_id=act.id)
        if act.kind == "usg"
        else results.roadmap(store(), stage_id, act.id)
    )
    st.dataframe(
        pd.DataFrame(
            [
                {kk: v for kk, v in r.items() if kk not in ("key", "votes")}
                | {"pillar_id": pillar_names.get(r["pillar_id"])}
                for r in data
            ]
        ),
        hide_index=True,
        key="act_result_table",
    )
