"""Unduh dokumen: the stage summary, the quick-win draft and the Excel workbook.

Files are built only when a button is clicked (a callable as `data`), from the data as
it is at that moment, so opening this page costs nothing.
"""

from __future__ import annotations

import streamlit as st

from pages.common import active_workshop_id, lang, require_facilitator, store, tr
from workshop import docx_common, docx_quickwins, docx_summary, excel

auth = require_facilitator()

# Page strings (Bahasa Indonesia, English) until they move into workshop/i18n.py.
TEXT = {
    "dl.intro": ("Dokumen dibuat dari data terbaru saat tombol diklik, dalam format Word "
                 "dan Excel yang siap disunting.",
                 "Files are built from the latest data when you click, as editable Word "
                 "and Excel files."),
    "dl.stage": ("Tahap", "Stage"),
    "dl.summary": ("Ringkasan Bimtek", "Stage summary"),
    "dl.summary_help": ("Kehadiran, usulan per pilar, hasil voting dengan grafik, daftar "
                        "pilihan dan kesepakatan, catatan dan tanda tangan.",
                        "Attendance, ideas per pillar, vote results with charts, ballot and "
                        "agreements, notes and signatures."),
    "dl.quickwins": ("Draft Program Quick Win", "Quick-win draft"),
    "dl.quickwins_help": ("{n} program disepakati: ringkasan, profil lengkap, pemeriksaan "
                          "empat enabler, dasar pemilihan, lembar komitmen.",
                          "{n} agreed programmes: summary, full profiles, four-enabler "
                          "check, votes behind them, commitment sheet."),
    "dl.excel": ("Data lengkap (Excel)", "All data (Excel)"),
    "dl.excel_help": ("Peserta, kehadiran per tahap, usulan, suara, hasil per pilar dan "
                      "program quick win, satu lembar per tabel.",
                      "Participants, attendance per stage, ideas, votes, results per pillar "
                      "and quick wins, one sheet each."),
    "dl.button": ("Unduh {name}", "Download {name}"),
    "dl.cli": ("Dari terminal: `python -m workshop export --db {db} --kind "
               "summary|quickwins|excel --stage N --out BERKAS`",
               "From a terminal: `python -m workshop export --db {db} --kind "
               "summary|quickwins|excel --stage N --out FILE`"),
}


def t(key: str, **kwargs: object) -> str:
    """A page string in the session's language."""
    text = TEXT[key][1 if lang() == "en" else 0]
    return text.format(**kwargs) if kwargs else text


st.title(tr("nav.download"))
wid = active_workshop_id()
if wid is None:
    st.stop()
s = store()
w = s.workshop(wid)
st.caption(f"{w.title} · {w.venue}" if w.venue else w.title)
st.write(t("dl.intro"))

stages = s.stages(wid)
labels = {st_.id: f"Tahap {st_.roman} – {st_.title}"
          + (f" ({docx_common.tanggal(st_.date)})" if st_.date else "") for st_ in stages}
ids = [x.id for x in stages]
current = s.current_stage(wid).id
stage_id = st.selectbox(t("dl.stage"), ids, format_func=labels.get,
                        index=ids.index(current) if current in ids else 0, key="download_stage")
stage = s.stage(stage_id)
agreed = len(docx_quickwins.programmes(s, wid))

col1, col2, col3 = st.columns(3)
with col1:
    st.subheader(f"{t('dl.summary')} – Tahap {stage.roman}")
    st.caption(t("dl.summary_help"))
    st.download_button(t("dl.button", name=".docx"),
                       data=lambda: docx_summary.build_summary(s, stage_id),
                       file_name=docx_summary.filename(s, stage_id), mime=docx_common.MIME_DOCX,
                       key="dl_summary", on_click="ignore", icon="📄", type="primary")
with col2:
    st.subheader(t("dl.quickwins"))
    st.caption(t("dl.quickwins_help", n=agreed))
    st.download_button(t("dl.button", name=".docx"),
                       data=lambda: docx_quickwins.build_quickwins(s, wid),
                       file_name=docx_quickwins.filename(s, wid), mime=docx_common.MIME_DOCX,
                       key="dl_quickwins", on_click="ignore", icon="🏁")
with col3:
    st.subheader(t("dl.excel"))
    st.caption(t("dl.excel_help"))
    st.download_button(t("dl.button", name=".xlsx"),
                       data=lambda: excel.build_workbook(s, wid),
                       file_name=excel.filename(s, wid), mime=excel.MIME_XLSX,
                       key="dl_excel", on_click="ignore", icon="📊")
st.divider()
st.caption(t("dl.cli", db=s.path))
