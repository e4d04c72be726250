"""From drawn characters to lines and cells: the Thai cases that break plain extractors."""

from pipeline.layout import clusters as layout
from pipeline.model import Char


def ch(text, x0, x1, top, bottom, ox=None, baseline=10.0, size=16.0):
    return Char(text, x0, x1, top, bottom, x0 if ox is None else ox, baseline, size)


def test_mark_misplaced_in_stream_goes_to_the_base_it_is_drawn_on():
    # doc-000 page 1: 'ความรู้เกี่ยวกับ' where the PDF emits sara uu after 'กับ'
    chars = [
        ch("ร", 92.1, 98.4, 0, 10),
        ch("้", 92.5, 97.6, 10.5, 14),  # below-base glyph mapped as a tone
        ch("เ", 100.5, 103.6, 0, 10),
        ch("ก", 104.9, 112.0, 0, 10),
        ch("ั", 134.1, 140.9, -4, -1),
        ch("บ", 140.1, 148.7, 0, 10),
        ch("ู", 93.6, 99.7, -5, -1),
    ]
    text = "".join(c.text for c in layout.chars_to_clusters(chars))
    assert text == "รู้เกับ"


def test_mark_drawn_after_the_next_letter_goes_back_to_the_letter_under_it():
    # real-17 (BrowalliaNew, Word): 'ต้อง' and 'กัน' are written ต อ ้ ง / ก น ั in the stream; the
    # mark's box is over the letter before the one it follows (ก's edge by 0.15 pt)
    top, bottom = -3.8, -1.3
    chars = [
        ch("ต", 177.9, 183.1, 0, 6.5),
        ch("อ", 184.9, 189.5, 0, 6.5),
        ch("้", 180.8, 184.9, top, bottom),
        ch("ง", 190.8, 194.6, 0, 6.5),
        ch(" ", 195, 196, 0, 6.5),
        ch("ก", 249.8, 255.2, 0, 6.5),
        ch("น", 256.5, 263.0, 0, 6.5),
        ch("ั", 252.9, 257.8, top, bottom),
    ]
    assert "".join(c.text for c in layout.chars_to_clusters(chars)) == "ต้อง กัน"
    # counter-example: a mark over the letter it follows stays there (ป่า with the tone shifted left)
    chars = [ch("ป", 10.0, 16.0, 0, 6.5), ch("่", 11.0, 13.5, top, bottom), ch("า", 16.5, 20.0, 0, 6.5)]
    assert "".join(c.text for c in layout.chars_to_clusters(chars)) == "ป่า"


def test_ligature_boxes_split_by_pdfium_keep_their_marks():
    # real-13: 'ผู้ช่วย' where pdfium splits the ligature box of ผู้ into three equal parts
    chars = [
        ch("ผ", 69.1, 71.4, 431.5, 438.0, ox=68.4),
        ch("ู", 71.4, 73.7, 431.5, 438.0, ox=68.4),
        ch("้", 73.7, 76.0, 431.5, 438.0, ox=68.4),
        ch("ช", 77.1, 81.2, 431.1, 438.0, ox=76.9),
        ch("่", 81.2, 85.3, 431.1, 438.0, ox=76.9),
        ch("ว", 86.0, 90.8, 431.4, 438.0, ox=85.6),
        ch("ย", 92.1, 98.8, 431.4, 438.0, ox=91.6),
    ]
    lines = layout.clusters_to_lines(
        layout.chars_to_clusters([c._replace(baseline=437.9, size=18.66) for c in chars])
    )
    assert [ln.text for ln in lines] == ["ผู้ช่วย"]


def test_gap_after_a_ligature_is_not_a_space():
    # real-13: 'สำนักปลัด' where pdfium reports half the box of the สำ glyph
    chars = [
        ch("ส", 51.8, 55.9, 562.3, 570.7, ox=51.2),
        ch("ำ", 55.9, 60.0, 562.3, 570.7, ox=51.2),
        ch("น", 68.1, 73.2, 562.7, 570.7, ox=67.8),
        ch("ั", 73.2, 78.3, 562.7, 570.7, ox=67.8),
        ch("ก", 79.3, 87.2, 562.7, 570.8, ox=78.6),
    ]
    chars = [c._replace(baseline=570.6, size=22.7) for c in chars]
    assert layout.lines_to_text(layout.clusters_to_lines(layout.chars_to_clusters(chars))) == "สำนัก"


def test_lines_group_by_baseline_and_spaces_by_gap():
    chars = [ch("ก", 0, 8, 0, 10), ch("ข", 30, 38, 0, 10), ch("ค", 0, 8, 20, 30, baseline=30)]
    lines = layout.clusters_to_lines(layout.chars_to_clusters(chars))
    assert [ln.text for ln in lines] == ["ก ข", "ค"]


def test_corpus_page_text_and_table(rules, corpus_extracted):
    p1 = corpus_extracted["doc-000.pdf"].pages[0]
    assert "ความรู้เกี่ยวกับ" in p1.tables[0].rows[1][0]
    assert "ข้อมูล" in p1.tables[0].rows[1][1]
    t = corpus_extracted["doc-001.pdf"].pages[1].tables[0]
    assert t.rows[0] == ("แบบ", "ลำดับ", "รายละเอียดตัวชี้วัด", "คะแนน")
    assert t.rows[4] == ("", "4", "การใช้ทรัพย์สินของราชการ", "80.95")
    assert len(t.rows) == 11


def test_letter_spaced_thai_is_not_split_into_letters():
    # real-17 p.31: distributed justification puts 2.3-5.3 pt between the letters of 'ส่งเสริมและพัฒนา'
    # (16 pt); a word space there is wider than the letter spacing plus a normal space
    word, gaps = "ส่งเสริมและพัฒนา", [3.38, 4.18, 2.33, 3.6, 3.1, 4.82, 3.64, 4.33, 3.23, 4.68, 5.33, 3.32]
    clusters, x = [], 10.0
    for k, cl in enumerate(["ส่", "ง", "เ", "ส", "ริ", "ม", "แ", "ล", "ะ", "พั", "ฒ", "น", "า"]):
        clusters.append(layout.Cluster(cl, x, x + 7, 0, 10, 10, 16))
        x += 7 + (gaps[k] if k < len(gaps) else 0)
    clusters.append(layout.Cluster("คุณ", x + 9.5, x + 20, 0, 10, 10, 16))  # after a word space
    assert layout.lines_to_text(layout.clusters_to_lines(clusters)) == word + " คุณ"
    # counter-example: ordinary text keeps its narrow spaces (doc-003: 'มาตรการ NO')
    plain = [layout.Cluster(c, 10 + 8 * k, 17 + 8 * k, 0, 10, 10, 16) for k, c in enumerate("มาตรการ")]
    plain.append(layout.Cluster("N", 10 + 8 * 7 + 4.2, 17 + 8 * 7 + 4.2, 0, 10, 10, 16))
    assert layout.lines_to_text(layout.clusters_to_lines(plain)) == "มาตรการ N"
