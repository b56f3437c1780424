"""Backups: download a fresh snapshot, see the automatic ones, restore from a file."""

from __future__ import annotations

import streamlit as st

from pages.common import FAC_KEY, require_facilitator, run, store, tr
from workshop import backups, live

auth = require_facilitator()
st.title(tr("nav.backup"))

db = store()
folder = backups.default_folder(db.path)
auto = backups.auto_for(folder)
run(lambda: auto.maybe_snapshot(db))

# ---------------------------------------------------------------- download now
st.subheader("Unduh cadangan")
st.caption("Salinan utuh seluruh data (berkas SQLite), dibuat saat tombol ditekan. "
           "Aman diambil selama kegiatan berjalan: peserta tetap bisa mengirim dan memilih.")
st.download_button("Unduh cadangan sekarang", data=lambda: backups.snapshot_bytes(db),
                   file_name=backups.snapshot_name(), mime="application/vnd.sqlite3",
                   key="backup_download", on_click="ignore", type="primary", icon="💾")

# ---------------------------------------------------------------- automatic snapshots
st.subheader("Cadangan otomatis")
st.caption(f"Dibuat setiap {int(auto.every_s // 60)} menit selama ada perubahan data; "
           f"{auto.keep} terakhir disimpan di `{live.esc(str(folder))}`.")
info = backups.snapshot_info(folder)
snaps = [row.pop("path") for row in info]
if not snaps:
    st.info("Belum ada cadangan otomatis.")
else:
    st.dataframe(info, hide_index=True)
    picked = st.selectbox("Pilih cadangan otomatis", snaps, format_func=lambda p: p.name,
                          key="snapshot_pick")
    st.download_button("Unduh cadangan terpilih", data=lambda: picked.read_bytes(),
                       file_name=picked.name, mime="application/vnd.sqlite3",
                       key="snapshot_download", on_click="ignore")

# ---------------------------------------------------------------- restore
st.subheader("Pulihkan dari cadangan")
st.warning("Pemulihan mengganti SELURUH data (semua kegiatan, peserta, usulan, suara dan "
           "program) dengan isi cadangan. Data saat ini disimpan dulu sebagai cadangan "
           "otomatis, jadi pemulihan bisa dibatalkan dengan memulihkan berkas itu.")
upload = st.file_uploader("Berkas cadangan (.db)", type=["db", "sqlite", "sqlite3"],
                          key="restore_upload")
confirm = st.checkbox("Saya mengerti: semua data saat ini akan diganti isi cadangan.",
                      key="restore_confirm")
c1, c2 = st.columns(2)
from_upload = c1.button("Pulihkan dari berkas diunggah", key="restore_submit", type="primary")
from_snapshot = bool(snaps) and c2.button("Pulihkan cadangan otomatis terpilih",
                                          key="restore_snapshot_submit")

if from_upload or from_snapshot:
    if from_upload and upload is None:
        st.error("Pilih berkas cadangan dulu.")
    elif not confirm:
        st.error("Centang konfirmasi dulu: pemulihan mengganti semua data saat ini.")
    else:
        if from_upload:
            source = live.esc(upload.name)
            done = run(lambda: backups.restore_bytes(db, upload.getvalue(), folder))
        else:
            source = live.esc(picked.name)
            done = run(lambda: backups.restore(db, picked, folder))
        if done:
            st.success(f"Data dipulihkan dari {source}: "
                       f"{backups.summary(done['after'])}. Sebelumnya: "
                       f"{backups.summary(done['before'])}.")
            if done["safety"] is not None:
                st.info(f"Data sebelum pemulihan disimpan sebagai {done['safety'].name}.")
            if not db.is_facilitator(auth):
                # the restored data has its own facilitator sessions (and PIN)
                st.session_state.pop(FAC_KEY, None)
                st.warning("Sesi fasilitator berasal dari data lama. Silakan masuk lagi "
                           "dengan PIN yang berlaku di cadangan.")
                st.page_link("pages/masuk.py", label=tr("nav.login"), icon="🔑")
