"""Backups: download a fresh snapshot, see the automatic ones, restore from a file.

The downloads are links to the app's own route (workshop/web.py, GET /api/download/backup
and /snapshot?name=...): the server makes the file when the link is clicked. (Files of
st.download_button lived in Streamlit's media store, which dropped them whenever another
session's run ended, so a click sometimes got a 404.)"""

from __future__ import annotations

import streamlit as st

from pages import common
from pages.common import FAC_KEY, require_facilitator, run, store, tr
from workshop import backups, live, web

auth = require_facilitator()
st.title(tr("nav.backup"))

db = store()
folder = backups.default_folder(db.path)
auto = backups.auto_for(folder)
run(auto.maybe_snapshot, db, auth=auth)

# ---------------------------------------------------------------- download now
st.subheader(tr("bk.download"))
st.caption(tr("bk.download_help_private"))
if st.context.cookies.get(common.FAC_COOKIE) != auth:  # the links log in with this cookie
    common.remember_facilitator(auth)
base = st.get_option("server.baseUrlPath") or ""
st.html(f"<style>{web.DOWNLOAD_CSS}</style>")
st.container(key="backup_download").html(
    web.download_link_html(
        web.download_url("backup", base),
        tr("bk.download_now"),
        "backup-download",
        icon="backup",
        primary=True,
    )
)

# ---------------------------------------------------------------- automatic snapshots
st.subheader(tr("bk.auto"))
st.caption(
    tr(
        "bk.auto_help",
        minutes=int(auto.every_s // 60),
        keep=auto.keep,
        folder=str(folder).replace("`", "'"),
    )
)  # in a code span: shown as it is
info = backups.snapshot_info(folder)
snaps = [row.pop("path") for row in info]
if not snaps:
    st.info(tr("bk.auto_none"))
else:
    st.dataframe(info, hide_index=True)
    picked = st.selectbox(tr("bk.pick"), snaps, format_func=lambda p: p.name, key="snapshot_pick")
    st.container(key="snapshot_download").html(
        web.download_link_html(
            web.download_url("snapshot", base, name=picked.name),
            tr("bk.download_picked"),
            "snapshot-download",
        )
    )

# ---------------------------------------------------------------- restore
st.subheader(tr("bk.restore"))
st.warning(tr("bk.restore_warning_safe"))
upload = st.file_uploader(tr("bk.upload"), type=["db", "sqlite", "sqlite3"], key="restore_upload")
confirm = st.checkbox(tr("bk.confirm"), key="restore_confirm")
c1, c2 = st.columns(2)
from_upload = c1.button(tr("bk.restore_upload"), key="restore_submit", type="primary")
from_snapshot = bool(snaps) and c2.button(tr("bk.restore_snapshot"), key="restore_snapshot_submit")

if from_upload or from_snapshot:
    if from_upload and upload is None:
        st.error(tr("bk.need_file"))
    elif not confirm:
        st.error(tr("bk.need_confirm"))
    else:
        if from_upload and upload is not None:
            source = live.esc(upload.name)
            done = run(backups.restore_bytes, db, upload.getvalue(), folder, auth=auth)
        else:
            source = live.esc(picked.name)
            done = run(backups.restore, db, picked, folder, auth=auth)
        if done:
            st.success(
                tr(
                    "bk.restored",
                    source=source,
                    after=backups.summary(done["after"]),
                    before=backups.summary(done["before"]),
                )
            )
            if done["safety"] is not None:
                st.info(tr("bk.safety", name=done["safety"].name))
            if not db.is_facilitator(auth):
                # a restore ends every facilitator session; the PIN in use stays
                st.session_state.pop(FAC_KEY, None)
                st.warning(tr("bk.relogin_current"))
                st.page_link("pages/login.py", label=tr("nav.login"), icon="🔑")
