"""Test documents made by an office suite, the way Thai public bodies make their ITA files.

    python -m tools.make_office_set tests/fixtures/office_set [--keep-sources] [--only NAME,NAME]
    python -m tools.score_office_set tests/fixtures/office_set OUT/current   (how a run reads them)

The same content (an integrity-measure plan, its results report, a five-year anti-corruption plan
with budgets, an announcement of measures and a policy that is no measure list) is written with
python-docx (Writer) or openpyxl (Calc) in many drawings -- table rules all / vertical only / outer
only / header row boxed only / none, portrait and landscape, seven Thai faces, Thai and Arabic
digits, six row numberings, status ticks as Wingdings symbols, Unicode boxes and marks, typed
"/" and "X" and drawn shapes -- and converted to PDF by LibreOffice headless (`soffice`). Per
fixture: OUTDIR/NAME.pdf and OUTDIR/NAME.gold.json (the rows a reader should get).

Needs: soffice (libreoffice-writer-nogui, libreoffice-calc-nogui), fonts-thai-tlwg, fonts-noto-core
(Noto Sans Thai), python-docx, openpyxl, fontTools. Output is deterministic for one LibreOffice
build: the PDF's dates and /ID are fixed after conversion (same-length byte edits).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from fontTools.ttLib import TTFont
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .office import set_font, to_pdf

# --------------------------------------------------------------------------------------------
# Content (invented bodies, real district and province names)
# --------------------------------------------------------------------------------------------

ORG_A = "องค์การบริหารส่วนตำบลหนองบัวแดง"
PLACE_A = "อำเภอกันทรวิชัย จังหวัดมหาสารคาม"
ORG_C = "เทศบาลตำบลท่าช้างทอง"
PLACE_C = "อำเภอพรหมพิราม จังหวัดพิษณุโลก"
MAYOR_A = ("นายประสิทธิ์ ศรีสุวรรณ", f"นายก{ORG_A}")

DONE, PROG, NOTS = "done", "in_progress", "not_started"
STATUS_LABEL = {DONE: "ดำเนินการแล้ว", PROG: "อยู่ระหว่างดำเนินการ", NOTS: "ยังไม่ได้ดำเนินการ"}
ODD_STATUS = "ติดตามต่อเนื่อง"  # an option that is none of the three: kept as printed

# (measure, steps, responsible, period, result, status); status None = the odd option
MEASURES = [
    (
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ขององค์การบริหารส่วนตำบลหนองบัวแดง",
        [
            "แต่งตั้งเจ้าหน้าที่ผู้รับผิดชอบการเผยแพร่ข้อมูลบนเว็บไซต์ของหน่วยงาน และกำหนดหน้าที่ให้ชัดเจน",
            "จัดทำแนวทางการเผยแพร่ข้อมูลต่อสาธารณะ โดยกำหนดประเภทข้อมูล ผู้รับผิดชอบ และรอบระยะเวลาการปรับปรุงข้อมูล",
            "ตรวจสอบข้อมูลพื้นฐาน ข้อมูลการบริหารงาน ข้อมูลการจัดซื้อจัดจ้าง และข้อมูลการบริหารทรัพยากรบุคคลให้เป็นปัจจุบันทุกเดือน",
            "ขออนุญาตเผยแพร่ข้อมูลตามแบบฟอร์มที่กำหนด ก่อนนำข้อมูลขึ้นเว็บไซต์ทุกครั้ง",
            "รายงานผลการเผยแพร่ข้อมูลต่อปลัดองค์การบริหารส่วนตำบลเป็นรายไตรมาส",
        ],
        "สำนักปลัด",
        "ต.ค. 67 - ก.ย. 68",
        "มีคำสั่งแต่งตั้งเจ้าหน้าที่ผู้รับผิดชอบ และปรับปรุงข้อมูลบนเว็บไซต์ครบทุกหัวข้อตามที่กำหนด",
        DONE,
    ),
    (
        "มาตรการป้องกันการรับสินบนและการรับของขวัญหรือประโยชน์อื่นใด (No Gift Policy)",
        [
            "ประกาศเจตนารมณ์การไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่",
            "ประชาสัมพันธ์ประกาศผ่านเว็บไซต์ บอร์ดประชาสัมพันธ์ และเสียงตามสาย",
            "จัดทำแบบรายงานการรับของขวัญและให้บุคลากรรายงานเมื่อมีการรับ",
        ],
        "สำนักปลัด",
        "ตลอดปีงบประมาณ",
        "ประกาศเจตนารมณ์ No Gift Policy แล้ว และไม่พบการรายงานการรับของขวัญ",
        DONE,
    ),
    (
        "มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้างและการจัดหาพัสดุ",
        [
            "จัดทำแผนการจัดซื้อจัดจ้างประจำปีและประกาศเผยแพร่ภายใน 30 วันนับแต่วันที่งบประมาณมีผลใช้บังคับ",
            "เผยแพร่ประกาศเชิญชวน ประกาศผู้ชนะการเสนอราคา และสาระสำคัญของสัญญาในระบบการจัดซื้อจัดจ้างภาครัฐและเว็บไซต์ของหน่วยงาน",
            "ให้เจ้าหน้าที่พัสดุและคณะกรรมการที่เกี่ยวข้องลงนามในแบบแสดงความบริสุทธิ์ใจว่าไม่มีส่วนได้เสียกับผู้เสนอราคา",
            "กำหนดราคากลางตามหลักเกณฑ์ของคณะกรรมการราคากลาง และเปิดเผยรายละเอียดการคำนวณราคากลาง",
            "จัดทำรายงานสรุปผลการจัดซื้อจัดจ้างประจำเดือน (แบบ สขร.1) และเผยแพร่ภายในวันที่ 10 ของเดือนถัดไป",
            "วิเคราะห์ผลการจัดซื้อจัดจ้างประจำปี ระบุปัญหา อุปสรรค และแนวทางการปรับปรุง เสนอผู้บริหารพิจารณา",
            "เปิดโอกาสให้ประชาชนและผู้ประกอบการร้องเรียนหรือสอบถามผลการจัดซื้อจัดจ้างผ่านช่องทางออนไลน์",
        ],
        "กองคลัง (งานพัสดุ)",
        "ต.ค. 67 - ก.ย. 68",
        "ประกาศแผนการจัดซื้อจัดจ้างแล้ว และเผยแพร่แบบ สขร.1 ครบทุกเดือน ส่วนการวิเคราะห์ผลประจำปีอยู่ระหว่างรวบรวมข้อมูล",
        PROG,
    ),
    (
        "มาตรการการใช้ทรัพย์สินของทางราชการ",
        [
            "จัดทำคู่มือแนวปฏิบัติการยืมและการใช้ทรัพย์สินของทางราชการ",
            "จัดทำทะเบียนคุมการยืมพัสดุและตรวจสอบการคืนทุกเดือน",
            "ชี้แจงแนวปฏิบัติแก่บุคลากรในการประชุมประจำเดือน",
        ],
        "กองคลัง",
        "ไตรมาสที่ 2",
        "จัดทำคู่มือแนวปฏิบัติการใช้ทรัพย์สินของทางราชการแล้ว และชี้แจงในการประชุมประจำเดือนมกราคม 2568",
        DONE,
    ),
    (
        "มาตรการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        [
            "จัดทำคู่มือการจัดการเรื่องร้องเรียนและเผยแพร่ให้ประชาชนทราบ",
            "เปิดช่องทางร้องเรียนทางโทรศัพท์ ตู้รับเรื่อง เว็บไซต์ และเฟซบุ๊กของหน่วยงาน",
            "ตรวจสอบข้อเท็จจริงและแจ้งผลให้ผู้ร้องเรียนทราบภายใน 15 วันทำการ",
            "สรุปผลการดำเนินการเรื่องร้องเรียนเสนอผู้บริหารทุกไตรมาส",
        ],
        "สำนักปลัด (ศูนย์รับเรื่องร้องเรียน)",
        "ตลอดปีงบประมาณ",
        "เปิดช่องทางร้องเรียนครบทุกช่องทาง ไตรมาสที่ 1-2 ไม่มีเรื่องร้องเรียนการทุจริต",
        None,
    ),
    (
        "มาตรการป้องกันผลประโยชน์ทับซ้อน",
        [
            "จัดทำคู่มือการป้องกันผลประโยชน์ทับซ้อนและเผยแพร่ให้บุคลากรทราบ",
            "ให้บุคลากรทุกคนจัดทำแบบแสดงความบริสุทธิ์ใจในการปฏิบัติหน้าที่",
            "จัดกิจกรรมให้ความรู้เรื่องการขัดกันระหว่างประโยชน์ส่วนตนและประโยชน์ส่วนรวม",
        ],
        "ทุกส่วนราชการ",
        "ม.ค. - มี.ค. 68",
        "อยู่ระหว่างจัดทำคู่มือ และกำหนดจัดกิจกรรมให้ความรู้ในเดือนมีนาคม 2568",
        PROG,
    ),
    (
        "มาตรการส่งเสริมการปฏิบัติตามประมวลจริยธรรมของพนักงานส่วนท้องถิ่น",
        [
            "เผยแพร่ประมวลจริยธรรมและข้อบังคับว่าด้วยจรรยาบรรณให้บุคลากรทุกคนทราบ",
            "จัดอบรมคุณธรรมจริยธรรมแก่ผู้บริหาร สมาชิกสภา พนักงานส่วนตำบล และพนักงานจ้าง",
            "ติดตามและประเมินผลการปฏิบัติตามประมวลจริยธรรมปีละ 1 ครั้ง",
        ],
        "สำนักปลัด (งานการเจ้าหน้าที่)",
        "ไตรมาสที่ 3",
        "ยังไม่ได้จัดอบรม เนื่องจากกำหนดจัดในไตรมาสที่ 3",
        NOTS,
    ),
    (
        "มาตรการลดขั้นตอนและระยะเวลาการให้บริการประชาชน",
        [
            "ทบทวนขั้นตอนการให้บริการงานขออนุญาตก่อสร้างอาคาร งานจัดเก็บภาษี และงานรับชำระค่าธรรมเนียม",
            "จัดทำแผนภูมิขั้นตอนและระยะเวลาการให้บริการติดประกาศ ณ จุดบริการ",
            "จัดให้มีการประเมินความพึงพอใจของผู้รับบริการ",
        ],
        "กองช่าง / กองคลัง",
        "ต.ค. 67 - มี.ค. 68",
        "ติดประกาศแผนภูมิขั้นตอนการให้บริการครบทุกจุดบริการ ผลความพึงพอใจร้อยละ 92.40",
        DONE,
    ),
    (
        "มาตรการเสริมสร้างการมีส่วนร่วมของประชาชนในการตรวจสอบการดำเนินงาน",
        [
            "แต่งตั้งตัวแทนประชาชนร่วมเป็นคณะกรรมการตรวจรับงานจ้างก่อสร้าง",
            "จัดประชุมประชาคมหมู่บ้านเพื่อรับฟังความคิดเห็นต่อโครงการที่สำคัญ",
            "เผยแพร่ผลการดำเนินงานโครงการให้ประชาชนทราบทางเสียงตามสาย",
        ],
        "สำนักปลัด",
        "ไตรมาสที่ 4",
        "กำหนดจัดประชุมประชาคมหมู่บ้านในเดือนกรกฎาคม 2568",
        NOTS,
    ),
    (
        "มาตรการป้องกันการทุจริตในการบริหารงานบุคคล",
        [
            "ประกาศหลักเกณฑ์การสรรหา การเลื่อนขั้นเงินเดือน และการประเมินผลการปฏิบัติงานให้บุคลากรทราบล่วงหน้า",
            "แต่งตั้งคณะกรรมการกลั่นกรองการประเมินผลการปฏิบัติงานโดยมีผู้แทนพนักงานร่วมด้วย",
            "เปิดเผยผลการประเมินผลการปฏิบัติงานและรับฟังข้อโต้แย้ง",
        ],
        "งานการเจ้าหน้าที่",
        "ตลอดปีงบประมาณ",
        "ประกาศหลักเกณฑ์และแต่งตั้งคณะกรรมการกลั่นกรองแล้ว การประเมินรอบที่ 2 อยู่ระหว่างดำเนินการ",
        PROG,
    ),
]

# A plan whose measures are numbered under two sections (1.1 ... 2.5)
SECTIONS = [(0, "มาตรการด้านความโปร่งใสและการเปิดเผยข้อมูล"), (5, "มาตรการด้านการป้องกันการทุจริตและการบริหารงานบุคคล")]

DIMENSIONS = [
    (
        "การสร้างสังคมที่ไม่ทนต่อการทุจริต",
        [
            (
                "1.1 การสร้างจิตสำนึกและความตระหนักแก่บุคลากรทั้งข้าราชการการเมืองฝ่ายบริหาร ข้าราชการการเมืองฝ่ายสภาท้องถิ่น และฝ่ายประจำ",  # noqa: E501
                [
                    (
                        "โครงการอบรมคุณธรรมจริยธรรมสำหรับผู้บริหาร สมาชิกสภา และพนักงานเทศบาล",
                        [30000, 30000, 30000, 35000, 35000],
                    ),
                    ("กิจกรรมส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม", [0, 0, 0, 0, 0]),
                ],
            ),
            (
                "1.2 การสร้างจิตสำนึกและความตระหนักแก่ประชาชนทุกภาคส่วนในท้องถิ่น",
                [
                    ("โครงการปลูกป่าเฉลิมพระเกียรติเพื่อสร้างจิตสำนึกรักษ์ท้องถิ่น", [20000, 20000, 20000, 20000, 20000]),
                    ("โครงการส่งเสริมการเรียนรู้ปรัชญาของเศรษฐกิจพอเพียงแก่ประชาชน", [15000, 15000, 0, 15000, 15000]),
                ],
            ),
            (
                "1.3 การสร้างจิตสำนึกและความตระหนักแก่เด็กและเยาวชน",
                [
                    ("โครงการเยาวชนรุ่นใหม่ใส่ใจต่อต้านการทุจริต", [10000, 10000, 10000, 10000, 10000]),
                    ("กิจกรรมค่ายเยาวชนสุจริต", [25000, 0, 25000, 0, 25000]),
                ],
            ),
        ],
    ),
    (
        "การบริหารราชการเพื่อป้องกันการทุจริต",
        [
            (
                "2.1 แสดงเจตจำนงทางการเมืองในการต่อต้านการทุจริตของผู้บริหาร",
                [("กิจกรรมประกาศเจตจำนงต่อต้านการทุจริตของผู้บริหาร", [0, 0, 0, 0, 0])],
            ),
            (
                "2.2 มาตรการสร้างความโปร่งใสในการปฏิบัติราชการ",
                [
                    ("มาตรการออกคำสั่งมอบหมายของนายกเทศมนตรี ปลัดเทศบาล และหัวหน้าส่วนราชการ", [0, 0, 0, 0, 0]),
                    ("กิจกรรมการจัดทำแผนการจัดซื้อจัดจ้างและเผยแพร่ต่อสาธารณะ", [0, 0, 0, 0, 0]),
                    ("โครงการจัดทำคู่มือการปฏิบัติงานและลดขั้นตอนการให้บริการ", [5000, 5000, 5000, 5000, 5000]),
                ],
            ),
            (
                "2.3 มาตรการการใช้ดุลยพินิจและใช้อำนาจหน้าที่ให้เป็นไปตามหลักการบริหารกิจการบ้านเมืองที่ดี",
                [
                    ("มาตรการการสร้างความโปร่งใสในการบริหารงานบุคคล", [0, 0, 0, 0, 0]),
                    ("กิจกรรมการควบคุมการเบิกจ่ายเงินตามเทศบัญญัติงบประมาณรายจ่ายประจำปี", [0, 0, 0, 0, 0]),
                    ("โครงการจ้างสำรวจความพึงพอใจของผู้รับบริการ", [20000, 20000, 20000, 25000, 25000]),
                ],
            ),
        ],
    ),
    (
        "การส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชน",
        [
            (
                "3.1 การจัดให้มีและเผยแพร่ข้อมูลข่าวสารในช่องทางที่เป็นการอำนวยความสะดวกแก่ประชาชน",
                [("โครงการปรับปรุงเว็บไซต์และศูนย์ข้อมูลข่าวสารของเทศบาล", [12000, 12000, 15000, 15000, 15000])],
            ),
            (
                "3.2 การรับฟังความคิดเห็น การรับและตอบสนองเรื่องร้องเรียน/ร้องทุกข์ของประชาชน",
                [
                    ("โครงการเทศบาลเคลื่อนที่พบประชาชน", [40000, 40000, 40000, 40000, 40000]),
                    ("กิจกรรมรับเรื่องร้องเรียนการทุจริตผ่านช่องทางออนไลน์", [0, 0, 0, 0, 0]),
                ],
            ),
            (
                "3.3 การส่งเสริมให้ประชาชนมีส่วนร่วมบริหารกิจการขององค์กรปกครองส่วนท้องถิ่น",
                [
                    ("โครงการประชุมประชาคมเพื่อจัดทำแผนพัฒนาท้องถิ่น", [30000, 30000, 30000, 30000, 30000]),
                    ("กิจกรรมแต่งตั้งตัวแทนประชาคมร่วมตรวจรับงานจ้าง", [0, 0, 0, 0, 0]),
                ],
            ),
        ],
    ),
    (
        "การเสริมสร้างและปรับปรุงกลไกในการตรวจสอบการปฏิบัติราชการขององค์กรปกครองส่วนท้องถิ่น",
        [
            (
                "4.1 มีการจัดวางระบบและรายงานการควบคุมภายในตามที่คณะกรรมการตรวจเงินแผ่นดินกำหนด",
                [("กิจกรรมการจัดทำรายงานการควบคุมภายในและการบริหารจัดการความเสี่ยง", [0, 0, 0, 0, 0])],
            ),
            (
                "4.2 การส่งเสริมบทบาทการตรวจสอบของสภาท้องถิ่น",
                [
                    ("โครงการอบรมเพิ่มพูนความรู้ด้านกฎหมายแก่สมาชิกสภาเทศบาล", [25000, 25000, 25000, 30000, 30000]),
                    ("กิจกรรมส่งเสริมสมาชิกสภาเทศบาลให้มีบทบาทในการตรวจสอบการปฏิบัติงาน", [0, 0, 0, 0, 0]),
                ],
            ),
            (
                "4.3 เสริมพลังการมีส่วนร่วมของชุมชนและบูรณาการทุกภาคส่วนเพื่อต่อต้านการทุจริต",
                [("โครงการส่งเสริมเครือข่ายภาคประชาชนต่อต้านการทุจริต", [10000, 10000, 10000, 10000, 10000])],
            ),
        ],
    ),
]
YEARS = [2566, 2567, 2568, 2569, 2570]

ANNOUNCED = [
    (
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
        "ให้ทุกส่วนราชการจัดส่งข้อมูลที่ต้องเปิดเผยต่อสาธารณะให้สำนักปลัดเพื่อเผยแพร่ทางเว็บไซต์ขององค์การบริหารส่วนตำบล และปรับปรุงข้อมูลให้เป็นปัจจุบันอย่างน้อยเดือนละหนึ่งครั้ง",  # noqa: E501
    ),
    (
        "มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม",
        "ให้เปิดโอกาสให้ประชาชนและผู้มีส่วนได้ส่วนเสียแสดงความคิดเห็นต่อการจัดทำแผนพัฒนาท้องถิ่นและโครงการที่สำคัญผ่านการประชุมประชาคมและช่องทางออนไลน์",
    ),
    (
        "มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง",
        "ให้เผยแพร่แผนการจัดซื้อจัดจ้าง ประกาศเชิญชวน ผลการจัดซื้อจัดจ้างรายเดือน และรายงานการวิเคราะห์ผลการจัดซื้อจัดจ้างประจำปีต่อสาธารณะ",
    ),
    (
        "มาตรการจัดการเรื่องร้องเรียนการทุจริต",
        "ให้มีช่องทางรับเรื่องร้องเรียนที่หลากหลาย คุ้มครองผู้ร้องเรียนและพยาน และแจ้งผลการดำเนินการให้ผู้ร้องเรียนทราบภายใน 15 วันทำการ",
    ),
    (
        "มาตรการป้องกันการรับสินบน",
        "ให้บุคลากรทุกคนถือปฏิบัติตามประกาศเจตนารมณ์การไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy)",
    ),
    (
        "มาตรการป้องกันผลประโยชน์ทับซ้อน",
        "ให้ผู้บริหารและบุคลากรที่เกี่ยวข้องกับการอนุมัติ อนุญาต หรือการจัดซื้อจัดจ้าง แจ้งการมีส่วนได้เสียและถอนตัวจากการพิจารณาในเรื่องนั้น",
    ),
    (
        "มาตรการการใช้ทรัพย์สินของทางราชการ",
        "ให้การยืมหรือใช้ทรัพย์สินของทางราชการเป็นไปตามคู่มือแนวปฏิบัติที่กำหนด และห้ามนำทรัพย์สินของทางราชการไปใช้เพื่อประโยชน์ส่วนตน",
    ),
    (
        "มาตรการตรวจสอบการใช้ดุลพินิจ",
        "ให้ทุกส่วนราชการจัดทำคู่มือการปฏิบัติงานและแผนภูมิขั้นตอนการให้บริการ และเผยแพร่ ณ จุดให้บริการ",
    ),
    (
        "มาตรการส่งเสริมคุณธรรมจริยธรรม",
        "ให้จัดอบรมประมวลจริยธรรมแก่ผู้บริหาร สมาชิกสภา พนักงานส่วนตำบล และพนักงานจ้างอย่างน้อยปีละหนึ่งครั้ง",
    ),
    (
        "มาตรการป้องกันการทุจริตในการบริหารงานบุคคล",
        "ให้ประกาศหลักเกณฑ์การสรรหา การแต่งตั้ง การเลื่อนขั้นเงินเดือน และการประเมินผลการปฏิบัติงานให้บุคลากรทราบล่วงหน้า",
    ),
    (
        "มาตรการลดขั้นตอนการให้บริการ",
        "ให้นำระบบการให้บริการแบบออนไลน์มาใช้ในงานรับชำระภาษีและงานขออนุญาตต่าง ๆ เพื่อลดการใช้ดุลพินิจของเจ้าหน้าที่",
    ),
    (
        "มาตรการกำกับติดตามการใช้จ่ายงบประมาณ",
        "ให้กองคลังรายงานผลการใช้จ่ายงบประมาณต่อผู้บริหารเป็นรายไตรมาส และเผยแพร่รายงานให้ประชาชนทราบ",
    ),
    (
        "มาตรการประเมินความเสี่ยงการทุจริต",
        "ให้จัดทำแผนบริหารความเสี่ยงการทุจริตประจำปี และติดตามผลการดำเนินการตามแผนทุก 6 เดือน",
    ),
    (
        "มาตรการส่งเสริมวัฒนธรรมองค์กรที่ต่อต้านการทุจริต",
        "ให้จัดกิจกรรมรณรงค์สร้างจิตสำนึกการต่อต้านการทุจริตแก่บุคลากรและประชาชนในวันต่อต้านคอร์รัปชันสากล 9 ธันวาคม ของทุกปี",
    ),
]

POLICY = [
    (
        "นโยบายด้านรัฐ สังคม และสิ่งแวดล้อม",
        [
            "ส่งเสริมการมีส่วนร่วมของประชาชนในการพัฒนาท้องถิ่นและดูแลรักษาสิ่งแวดล้อมอย่างยั่งยืน",
            "ดำเนินงานโดยยึดหลักเศรษฐกิจพอเพียงและคำนึงถึงผลกระทบต่อชุมชน",
        ],
    ),
    (
        "นโยบายด้านผู้รับบริการและผู้มีส่วนได้ส่วนเสีย",
        [
            "ให้บริการด้วยความเสมอภาค สะดวก รวดเร็ว และเป็นธรรม",
            "รับฟังความคิดเห็นของผู้รับบริการและนำมาปรับปรุงการให้บริการอย่างต่อเนื่อง",
        ],
    ),
    (
        "นโยบายด้านองค์การ",
        [
            "บริหารงานตามหลักธรรมาภิบาล มีความรับผิดชอบ โปร่งใส และตรวจสอบได้",
            "พัฒนาระบบเทคโนโลยีสารสนเทศเพื่อสนับสนุนการบริหารงานและการตัดสินใจ",
            "จัดให้มีระบบการควบคุมภายในและการบริหารความเสี่ยงที่เหมาะสม",
        ],
    ),
    (
        "นโยบายด้านผู้ปฏิบัติงาน",
        [
            "ส่งเสริมและพัฒนาความรู้ความสามารถของบุคลากรอย่างทั่วถึงและเป็นธรรม",
            "ดูแลสวัสดิการและสภาพแวดล้อมในการทำงานให้มีความปลอดภัยและถูกสุขอนามัย",
        ],
    ),
]

# --------------------------------------------------------------------------------------------
# Helpers: digits, numbering, fonts
# --------------------------------------------------------------------------------------------

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def norm(s: str | None) -> str | None:
    """Gold normalisation: Thai digits as Arabic, whitespace collapsed."""
    if s is None:
        return None
    return re.sub(r"\s+", " ", s.translate(ARABIC_DIGITS)).strip()


def numbering(i: int, style: str, thai: bool, sub: int | None = None) -> str:
    """Row number ``i`` (1-based) in a Word-like numbering style."""
    n = {
        "dot": f"{i}.",
        "dot_space": f"{i} .",
        "paren_close": f"{i})",
        "paren": f"({i})",
        "bare": f"{i}",
        "sub": f"{sub}.{i}",
    }[style]
    return n.translate(THAI_DIGITS) if thai else n


FONT_FILES: dict[str, Path] = {}


def font_file(face: str) -> Path:
    if face not in FONT_FILES:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{face}:style=Regular"], capture_output=True, text=True, check=True
        ).stdout
        FONT_FILES[face] = Path(out)
    return FONT_FILES[face]


class Metrics:
    """Advance widths and line height of a face (for Calc row heights, which LibreOffice does
    not fit on import of an xlsx without row heights)."""

    _cache: dict[str, Metrics] = {}

    def __init__(self, face: str):
        f = TTFont(font_file(face))
        self.upem = f["head"].unitsPerEm
        self.cmap = f.getBestCmap()
        self.hmtx = f["hmtx"]
        os2 = f["OS/2"]
        self.line = (os2.usWinAscent + os2.usWinDescent) / self.upem

    @classmethod
    def of(cls, face: str) -> Metrics:
        if face not in cls._cache:
            cls._cache[face] = cls(face)
        return cls._cache[face]

    def width(self, text: str, size: float) -> float:
        w = 0
        for ch in text:
            g = self.cmap.get(ord(ch))
            w += self.hmtx[g][0] if g else self.upem * 0.6
        return w / self.upem * size

    def lines(self, text: str, size: float, avail: float) -> int:
        n = 0
        for para in text.split("\n"):
            n += max(1, math.ceil(self.width(para, size) * 1.05 / max(avail, 1)))
        return n


# --------------------------------------------------------------------------------------------
# Fixture specifications
# --------------------------------------------------------------------------------------------


@dataclass
class Spec:
    name: str
    kind: str  # plan | report | budget | announce | policy
    suite: str  # writer | calc
    rules: str  # all | vertical | outer | header | none
    font: str
    size: float
    landscape: bool = True
    numbering: str = "dot"
    thai: bool = False  # Thai digits in the body
    number_in_cell: bool = False  # no ลำดับ column: the number starts the measure cell
    # report tick: wingdings (w:sym U+F0FC in a status column) | wingdings_box (w:sym F0FE/F0A8 boxes) |
    # wingdings_run (þ/¨ in a Wingdings-font run) | unicode_check ✓ | unicode_xmark ✗ | unicode_box ☑/☐ |
    # unicode_boxx ☒/☐ | slash "/" | x "X" | paren_slash "( / )" | shape_cross / shape_check (drawn freeforms)
    tick: str | None = None
    status_layout: str | None = None  # report: columns | options
    counts: str = "breakdown"  # budget: breakdown (รวม 4 โครงการ 2 กิจกรรม) | all (รวม 6 โครงการ)
    page_numbers: bool = False
    notes: str = ""


SPECS = [
    # A: integrity-measure plans
    Spec(
        "A01_plan_all_laksaman_portrait_thaidigits",
        "plan",
        "writer",
        "all",
        "Laksaman",
        16,
        landscape=False,
        numbering="dot",
        thai=True,
        page_numbers=True,
    ),
    Spec("A02_plan_vertical_garuda", "plan", "writer", "vertical", "Garuda", 12, numbering="paren_close"),
    Spec(
        "A03_plan_outer_noto_numincell",
        "plan",
        "writer",
        "outer",
        "Noto Sans Thai",
        11,
        numbering="paren",
        number_in_cell=True,
    ),
    Spec("A04_plan_header_loma_sections", "plan", "writer", "header", "Loma", 12, numbering="sub"),
    Spec(
        "A05_plan_none_kinnari_thaidigits",
        "plan",
        "writer",
        "none",
        "Kinnari",
        14,
        numbering="dot_space",
        thai=True,
    ),
    Spec(
        "A06_plan_all_sawasdee_pagebreak",
        "plan",
        "writer",
        "all",
        "Sawasdee",
        13,
        landscape=False,
        numbering="dot",
        page_numbers=True,
    ),
    Spec("A07_plan_calc_norasi", "plan", "calc", "all", "Norasi", 14, numbering="bare"),
    Spec(
        "A08_plan_all_garuda_sections",
        "plan",
        "writer",
        "all",
        "Garuda",
        12,
        numbering="sub",
        notes="A04's numbering with every rule: separates numbering from drawing",
    ),
    # B: results reports
    Spec(
        "B01_report_cols_wingdings_laksaman",
        "report",
        "writer",
        "all",
        "Laksaman",
        16,
        tick="wingdings",
        status_layout="columns",
    ),
    Spec(
        "B02_report_cols_check_garuda_vertical",
        "report",
        "writer",
        "vertical",
        "Garuda",
        12,
        tick="unicode_check",
        status_layout="columns",
        numbering="paren_close",
    ),
    Spec(
        "B03_report_opts_box_noto_portrait",
        "report",
        "writer",
        "all",
        "Noto Sans Thai",
        11,
        landscape=False,
        tick="unicode_box",
        status_layout="options",
    ),
    Spec(
        "B04_report_opts_boxx_loma_header",
        "report",
        "writer",
        "header",
        "Loma",
        12,
        tick="unicode_boxx",
        status_layout="options",
        numbering="paren",
    ),
    Spec(
        "B05_report_cols_slash_kinnari",
        "report",
        "writer",
        "all",
        "Kinnari",
        14,
        tick="slash",
        status_layout="columns",
        thai=True,
    ),
    Spec(
        "B06_report_cols_x_norasi_outer",
        "report",
        "writer",
        "outer",
        "Norasi",
        14,
        tick="x",
        status_layout="columns",
        numbering="dot_space",
    ),
    Spec(
        "B07_report_cols_drawncross_laksaman",
        "report",
        "writer",
        "all",
        "Laksaman",
        16,
        tick="shape_cross",
        status_layout="columns",
    ),
    Spec(
        "B08_report_opts_wingdings_garuda_portrait",
        "report",
        "writer",
        "all",
        "Garuda",
        12,
        landscape=False,
        tick="wingdings_box",
        status_layout="options",
        thai=True,
    ),
    Spec(
        "B09_report_cols_xmark_calc_loma",
        "report",
        "calc",
        "all",
        "Loma",
        14,
        tick="unicode_xmark",
        status_layout="columns",
        numbering="bare",
    ),
    Spec(
        "B10_report_opts_drawncheck_noto_vertical",
        "report",
        "writer",
        "vertical",
        "Noto Sans Thai",
        11,
        tick="shape_check",
        status_layout="options",
    ),
    Spec(
        "B11_report_opts_parenslash_sawasdee_none",
        "report",
        "writer",
        "none",
        "Sawasdee",
        13,
        tick="paren_slash",
        status_layout="options",
        numbering="paren_close",
    ),
    Spec(
        "B12_report_opts_drawncheck_norasi_all",
        "report",
        "writer",
        "all",
        "Norasi",
        14,
        tick="shape_check",
        status_layout="options",
        notes="B10's drawn tick with every rule: separates tick from drawing",
    ),
    Spec(
        "B13_report_opts_wingdingsrun_loma_all",
        "report",
        "writer",
        "all",
        "Loma",
        12,
        tick="wingdings_run",
        status_layout="options",
        numbering="paren",
        notes="þ/¨ typed in a run whose font is Wingdings (not w:sym): without Wingdings installed LibreOffice "
        "substitutes a text font, so the PDF prints and encodes the Latin letters",
    ),
    # C: five-year anti-corruption plans with budgets
    Spec(
        "C01_budget_all_laksaman_pagebreak",
        "budget",
        "writer",
        "all",
        "Laksaman",
        14,
        numbering="dot",
        page_numbers=True,
    ),
    Spec("C02_budget_vertical_garuda", "budget", "writer", "vertical", "Garuda", 11, numbering="paren_close"),
    Spec("C03_budget_header_noto", "budget", "writer", "header", "Noto Sans Thai", 10, numbering="paren"),
    Spec("C04_budget_calc_loma_fitwidth", "budget", "calc", "all", "Loma", 14, numbering="dot"),
    Spec(
        "C05_budget_calc_kinnari_vertical_countall",
        "budget",
        "calc",
        "vertical",
        "Kinnari",
        14,
        numbering="paren_close",
        counts="all",
    ),
    Spec(
        "C06_budget_outer_sawasdee_thaidigits",
        "budget",
        "writer",
        "outer",
        "Sawasdee",
        12,
        numbering="paren_close",
        thai=True,
        notes="Thai digits in numbers and amounts too",
    ),
    Spec(
        "C07_budget_all_laksaman_parens",
        "budget",
        "writer",
        "all",
        "Laksaman",
        14,
        numbering="paren",
        notes="C01 numbered (1) instead of 1.: separates numbering from drawing",
    ),
    # D: announcements; the policy is a counter-example (numbered clauses that are no measures)
    Spec(
        "D01_announce_laksaman_thaidigits",
        "announce",
        "writer",
        "none",
        "Laksaman",
        16,
        landscape=False,
        numbering="dot",
        thai=True,
        page_numbers=True,
    ),
    Spec(
        "D02_announce_norasi_arabic",
        "announce",
        "writer",
        "none",
        "Norasi",
        15,
        landscape=False,
        numbering="dot",
    ),
    Spec(
        "D03_policy_laksaman_thaidigits",
        "policy",
        "writer",
        "none",
        "Laksaman",
        16,
        landscape=False,
        numbering="dot",
        thai=True,
    ),
    Spec("D04_policy_loma_arabic", "policy", "writer", "none", "Loma", 14, landscape=False, numbering="dot"),
]

# --------------------------------------------------------------------------------------------
# Writer (python-docx)
# --------------------------------------------------------------------------------------------

EMU_PER_PT = 12700


class WriterDoc:
    def __init__(self, spec: Spec):
        self.spec = spec
        self.doc = Document()
        self.face, self.size = spec.font, spec.size
        st = self.doc.styles["Normal"]
        st.font.name, st.font.size = self.face, Pt(self.size)
        rpr = st.element.get_or_add_rPr()
        rf = rpr.find(qn("w:rFonts"))
        for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rf.set(qn(a), self.face)
        szcs = OxmlElement("w:szCs")
        szcs.set(qn("w:val"), str(int(self.size * 2)))
        rpr.append(szcs)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:bidi"), "th-TH")
        rpr.append(lang)
        pf = st.paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
        if spec.landscape:
            sec.orientation = WD_ORIENT.LANDSCAPE
            sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
        sec.left_margin = sec.right_margin = Cm(1.8 if spec.landscape else 2.2)
        sec.top_margin, sec.bottom_margin = Cm(1.8), Cm(1.5)
        sec.header_distance = Cm(0.8)
        self.text_width_cm = (29.7 if spec.landscape else 21.0) - 2 * (1.8 if spec.landscape else 2.2)
        self.shape_id = 0
        if spec.page_numbers:
            p = sec.header.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run("- ")
            set_font(r, self.face, self.size)
            fld = parse_xml(
                '<w:fldSimple xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                'w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
            )
            p._p.append(fld)
            r = p.add_run(" -")
            set_font(r, self.face, self.size)

    def t(self, s: str) -> str:
        return s.translate(THAI_DIGITS) if self.spec.thai else s

    def para(
        self,
        text: str = "",
        *,
        bold=False,
        align=None,
        size=None,
        indent_cm=None,
        first_cm=None,
        space_after=0,
        container=None,
        keep_lines=False,
    ):
        c = container if container is not None else self.doc
        p = c.add_paragraph()
        if text:
            r = p.add_run(self.t(text))
            set_font(r, self.face, size or self.size, bold)
        if align == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align == "justify":
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif align == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if indent_cm is not None:
            p.paragraph_format.left_indent = Cm(indent_cm)
        if first_cm is not None:
            p.paragraph_format.first_line_indent = Cm(first_cm)
        p.paragraph_format.space_after = Pt(space_after)
        return p

    def title(self, lines: list[str]) -> None:
        for ln in lines:
            self.para(ln, bold=True, align="center", size=self.size + 2)
        self.para("")

    # ---- tables ----
    def table(self, ncols: int, widths_cm: list[float]):
        tbl = self.doc.add_table(rows=0, cols=ncols)
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl.autofit = False
        tblpr = tbl._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tblpr.append(layout)
        scale = self.text_width_cm / sum(widths_cm)
        self.widths = [w * scale for w in widths_cm]
        grid = tbl._tbl.tblGrid
        for gc, w in zip(grid.findall(qn("w:gridCol")), self.widths):
            gc.set(qn("w:w"), str(int(Cm(w).twips)))
        borders = OxmlElement("w:tblBorders")
        on = {
            "all": ("top", "left", "bottom", "right", "insideH", "insideV"),
            "vertical": ("left", "right", "insideV"),
            "outer": ("top", "left", "bottom", "right"),
            "header": (),
            "none": (),
        }[self.spec.rules]
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            e = OxmlElement(f"w:{side}")
            if side in on:
                e.set(qn("w:val"), "single")
                e.set(qn("w:sz"), "4")
                e.set(qn("w:space"), "0")
                e.set(qn("w:color"), "000000")
            else:
                e.set(qn("w:val"), "nil")
            borders.append(e)
        tblpr.append(borders)
        return tbl

    def row(self, tbl, cells: list, *, header=False, bold=False, align=None, cant_split=False):
        """Add a row; each cell is a str (lines split on \\n into paragraphs) or a list of str."""
        r = tbl.add_row()
        trpr = r._tr.get_or_add_trPr()
        if header:
            e = OxmlElement("w:tblHeader")
            trpr.append(e)
        if cant_split:
            trpr.append(OxmlElement("w:cantSplit"))
        for i, (cell, w) in enumerate(zip(r.cells, self.widths)):
            cell.width = Cm(w)
            val = cells[i] if i < len(cells) else ""
            lines = val if isinstance(val, list) else str(val).split("\n")
            first = True
            for ln in lines:
                p = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                if ln:
                    run = p.add_run(self.t(ln))
                    set_font(run, self.face, self.size, bold or header)
                a = align[i] if isinstance(align, (list, tuple)) else align
                if header or a == "center":
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif a == "right":
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if header and self.spec.rules == "header":
                self.box(cell)
        return r

    @staticmethod
    def box(cell) -> None:
        tcpr = cell._tc.get_or_add_tcPr()
        b = OxmlElement("w:tcBorders")
        for side in ("top", "left", "bottom", "right"):
            e = OxmlElement(f"w:{side}")
            e.set(qn("w:val"), "single")
            e.set(qn("w:sz"), "4")
            e.set(qn("w:space"), "0")
            e.set(qn("w:color"), "000000")
            b.append(e)
        tcpr.append(b)

    def symbol(self, paragraph, font: str, code: str) -> None:
        """A Word symbol (Insert > Symbol): <w:sym w:font=... w:char=...>."""
        r = paragraph.add_run()
        set_font(r, self.face, self.size)
        s = OxmlElement("w:sym")
        s.set(qn("w:font"), font)
        s.set(qn("w:char"), code)
        r._r.append(s)

    def shape(self, paragraph, w_pt: float, h_pt: float, subpaths, off_x: float, off_y: float) -> None:
        """A freeform drawn over the text (Insert > Shapes), anchored to ``paragraph``."""
        self.shape_id += 1
        W, H = int(w_pt * EMU_PER_PT), int(h_pt * EMU_PER_PT)
        segs = ""
        for sp in subpaths:
            (x0, y0), rest = sp[0], sp[1:]
            segs += (
                f'<a:path w="{W}" h="{H}" fill="none"><a:moveTo><a:pt x="{int(x0 * W)}" y="{int(y0 * H)}"/>'
                "</a:moveTo>"
                + "".join(f'<a:lnTo><a:pt x="{int(x * W)}" y="{int(y * H)}"/></a:lnTo>' for x, y in rest)
                + "</a:path>"
            )
        xml = f'''<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:drawing
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{251658240 + self.shape_id}"
 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="column"><wp:posOffset>{int(off_x * EMU_PER_PT)}</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>{int(off_y * EMU_PER_PT)}</wp:posOffset></wp:positionV>
<wp:extent cx="{W}" cy="{H}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>
<wp:docPr id="{1000 + self.shape_id}" name="Freeform {self.shape_id}"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
<wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{W}" cy="{H}"/></a:xfrm><a:custGeom><a:avLst/>
<a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/><a:pathLst>{segs}</a:pathLst></a:custGeom>
<a:noFill/><a:ln w="19050"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>
<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'''
        paragraph._p.append(parse_xml(xml))

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def save(self, path: Path) -> None:
        cp = self.doc.core_properties
        cp.author = cp.last_modified_by = "งานนโยบายและแผน"
        cp.title, cp.comments = "", ""
        cp.revision = 1
        from datetime import datetime

        cp.created = cp.modified = datetime(2024, 10, 15, 9, 0, 0)
        self.doc.save(str(path))


CHECK = [[(0.0, 0.55), (0.35, 1.0), (1.0, 0.0)]]
CROSS = [[(0.0, 0.0), (1.0, 1.0)], [(0.0, 1.0), (1.0, 0.0)]]


def _mark_text(tick: str) -> str:
    return {"unicode_check": "✓", "slash": "/", "x": "X", "unicode_xmark": "✗"}[tick]


def _status_index(status: str | None) -> int | None:
    return {DONE: 0, PROG: 1, NOTS: 2}.get(status) if status else None


def writer_plan(spec: Spec, path: Path) -> None:
    d = WriterDoc(spec)
    d.title(["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2568", f"{ORG_A} {PLACE_A}"])
    d.para(
        f"เพื่อให้การบริหารงานของ{ORG_A}เป็นไปด้วยความโปร่งใส ตรวจสอบได้ และสอดคล้องกับเกณฑ์การประเมิน"
        "คุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) จึงกำหนดมาตรการส่งเสริมคุณธรรม"
        "และความโปร่งใสภายในหน่วยงาน ดังนี้",
        first_cm=1.5,
        align="justify",
        space_after=6,
    )
    heads = ["ลำดับ", "มาตรการ/กิจกรรม", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ"]
    widths = [1.4, 5.2, 9.5, 3.6, 3.4] if spec.landscape else [1.3, 3.9, 6.4, 2.5, 2.6]
    if spec.number_in_cell:
        heads, widths = heads[1:], widths[1:]
    tbl = d.table(len(heads), widths)
    d.row(tbl, heads, header=True)
    align = (
        ["center", None, None, None, "center"] if not spec.number_in_cell else [None, None, None, "center"]
    )
    step_style = "paren_close" if spec.numbering in ("dot", "dot_space", "bare") else "dot"
    for i, (m, steps, resp, period, *_rest) in enumerate(MEASURES, 1):
        if spec.numbering == "sub":
            for start, sec_title in SECTIONS:
                if i - 1 == start:
                    r = d.row(tbl, [f"{SECTIONS.index((start, sec_title)) + 1}. {sec_title}"], bold=True)
                    r.cells[0].merge(r.cells[-1])
            sec = 1 if i <= 5 else 2
            no = numbering(i if sec == 1 else i - 5, "sub", spec.thai, sub=sec)
        else:
            no = numbering(i, spec.numbering, spec.thai)
        steps_lines = [f"{numbering(k, step_style, False)} {s}" for k, s in enumerate(steps, 1)]
        cells = [no, m, steps_lines, resp, period]
        if spec.number_in_cell:
            cells = [f"{no} {m}", steps_lines, resp, period]
        d.row(tbl, cells, align=align)
    d.para("")
    d.para("ผู้เสนอมาตรการ", align="center")
    d.para("(นางสาววิภาวรรณ แก้วมณี)", align="center")
    d.para(f"ปลัด{ORG_A}", align="center")
    d.save(path)


def writer_report(spec: Spec, path: Path) -> None:
    d = WriterDoc(spec)
    d.title(
        [
            "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            "ประจำปีงบประมาณ พ.ศ. 2568 (รอบ 6 เดือน ตั้งแต่ 1 ตุลาคม 2567 ถึง 31 มีนาคม 2568)",
            f"{ORG_A} {PLACE_A}",
        ]
    )
    cols = spec.status_layout == "columns"
    if cols:
        heads = ["ลำดับ", "มาตรการ/กิจกรรม", "ผลการดำเนินงาน", "สถานะการดำเนินงาน", "", "", "ผู้รับผิดชอบ"]
        heads2 = ["", "", "", STATUS_LABEL[DONE], STATUS_LABEL[PROG], STATUS_LABEL[NOTS], ""]
        widths = (
            [1.3, 6.0, 7.6, 2.2, 2.2, 2.2, 3.6] if spec.landscape else [1.1, 4.0, 4.8, 1.5, 1.6, 1.5, 2.3]
        )
    else:
        heads = ["ลำดับ", "มาตรการ/กิจกรรม", "ผลการดำเนินงาน", "สถานะการดำเนินงาน", "ผู้รับผิดชอบ"]
        widths = [1.3, 6.5, 8.4, 5.2, 3.6] if spec.landscape else [1.1, 4.3, 5.2, 3.8, 2.4]
    tbl = d.table(len(heads), widths)
    h1 = d.row(tbl, heads, header=True)
    if cols:
        h2 = d.row(tbl, heads2, header=True)
        h1.cells[3].merge(h1.cells[5])
        for k in (0, 1, 2, 6):
            h1.cells[k].merge(h2.cells[k])
    for i, (m, _steps, resp, _period, result, status) in enumerate(MEASURES, 1):
        no = numbering(i, spec.numbering, spec.thai)
        if cols:
            marks = ["", "", ""]
            k = _status_index(status)
            if k is not None and spec.tick not in ("wingdings", "shape_cross"):
                marks[k] = _mark_text(spec.tick)
            r = d.row(
                tbl,
                [no, m, result, *marks, resp],
                align=["center", None, None, "center", "center", "center", None],
            )
            if status is None:
                merged = r.cells[3].merge(r.cells[5])
                p = merged.paragraphs[0]
                run = p.add_run(ODD_STATUS)
                set_font(run, d.face, d.size)
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for extra in merged.paragraphs[1:]:
                    extra._p.getparent().remove(extra._p)
            elif spec.tick == "wingdings":
                d.symbol(r.cells[3 + k].paragraphs[0], "Wingdings", "F0FC")
            elif spec.tick == "shape_cross":
                w_pt = Cm(d.widths[3 + k]).pt
                d.shape(r.cells[3 + k].paragraphs[0], 12, 12, CROSS, (w_pt - 12) / 2 - 5, 3)
        else:
            r = d.row(tbl, [no, m, result, "", resp], align=["center", None, None, None, None])
            cell = r.cells[3]
            k = _status_index(status)
            options = [STATUS_LABEL[DONE], STATUS_LABEL[PROG], STATUS_LABEL[NOTS]] + (
                [ODD_STATUS] if status is None else []
            )
            ticked = k if status is not None else 3
            for j, label in enumerate(options):
                p = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
                on = j == ticked
                if spec.tick in ("unicode_box", "unicode_boxx", "shape_check", "paren_slash"):
                    box = {
                        "unicode_box": ("☑", "☐"),
                        "unicode_boxx": ("☒", "☐"),
                        "shape_check": ("☐", "☐"),
                        "paren_slash": ("( / )", "(   )"),
                    }[spec.tick][0 if on else 1]
                    run = p.add_run(f"{box} {d.t(label)}")
                    set_font(run, d.face, d.size)
                    if on and spec.tick == "shape_check":
                        d.shape(p, 11, 11, CHECK, -1, 1)
                elif spec.tick == "wingdings_run":
                    run = p.add_run("þ" if on else "¨")
                    set_font(run, "Wingdings", d.size)
                    run = p.add_run(f" {d.t(label)}")
                    set_font(run, d.face, d.size)
                elif spec.tick == "wingdings_box":
                    d.symbol(p, "Wingdings", "F0FE" if on else "F0A8")
                    run = p.add_run(f" {d.t(label)}")
                    set_font(run, d.face, d.size)
    d.para("")
    d.para("ผู้รายงาน", align="center")
    d.para("(นางสาววิภาวรรณ แก้วมณี)", align="center")
    d.para(f"ปลัด{ORG_A}", align="center")
    d.save(path)


def budget_rows(spec: Spec):
    """Yield the plan's rows: ('project', dim, mission, no, name, amounts) / ('total', dim, label, sums) /
    ('grand', label, sums), in print order."""
    no = 0
    grand = [0] * 5
    counts_all: dict[str, int] = {}
    out = []
    for di, (_dname, missions) in enumerate(DIMENSIONS, 1):
        sums = [0] * 5
        counts: dict[str, int] = {}
        for mission, projects in missions:
            for name, amounts in projects:
                no += 1
                out.append(("project", di, mission, no, name, amounts))
                sums = [a + b for a, b in zip(sums, amounts)]
                kind = (
                    name[:7]
                    if name.startswith("โครงการ")
                    else ("กิจกรรม" if name.startswith("กิจกรรม") else "มาตรการ")
                )
                counts[kind] = counts.get(kind, 0) + 1
                counts_all[kind] = counts_all.get(kind, 0) + 1
        out.append(("total", di, _count_label(counts, spec.counts), sums))
        grand = [a + b for a, b in zip(grand, sums)]
    out.append(("grand", _count_label(counts_all, spec.counts, grand=True), grand))
    return out


def _count_label(counts: dict[str, int], style: str, grand: bool = False) -> str:
    head = "รวมทั้งสิ้น" if grand else "รวม"
    if style == "all":
        return f"{head} {sum(counts.values())} โครงการ"
    parts = [f"{counts[k]} {k}" for k in ("โครงการ", "กิจกรรม", "มาตรการ") if counts.get(k)]
    return f"{head} " + " ".join(parts)


def money(v: int) -> str:
    return f"{v:,}" if v else "-"


def _budget_title() -> list[str]:
    return ["แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. 2566 - 2570)", f"{ORG_C} {PLACE_C}"]


def writer_budget(spec: Spec, path: Path) -> None:
    d = WriterDoc(spec)
    d.title(_budget_title())
    d.para("ส่วนที่ 2 แผนปฏิบัติการป้องกันการทุจริต", bold=True, space_after=4)
    heads = ["มิติ", "ภารกิจตามมิติ", "โครงการ/กิจกรรม/มาตรการ", *[f"ปี {y}" for y in YEARS], "หมายเหตุ"]
    heads2 = ["", "", "", *["งบประมาณ (บาท)"] * 5, ""]
    widths = [3.0, 4.2, 6.0, 2.4, 2.4, 2.4, 2.4, 2.4, 1.6]
    tbl = d.table(len(heads), widths)
    h1 = d.row(tbl, heads, header=True)
    h2 = d.row(tbl, heads2, header=True)
    for k in (0, 1, 2, 8):
        h1.cells[k].merge(h2.cells[k])
    num = "dot" if spec.numbering == "dot" else spec.numbering
    rows = budget_rows(spec)
    dim_first: dict[int, object] = {}
    mission_first: dict[str, object] = {}
    last_row_of: dict[tuple, object] = {}
    for row in rows:
        if row[0] == "project":
            _, di, mission, no, name, amounts = row
            dim_cell = f"{di}. {DIMENSIONS[di - 1][0]}" if di not in dim_first else ""
            mis_cell = mission if mission not in mission_first else ""
            r = d.row(
                tbl,
                [dim_cell, mis_cell, f"{numbering(no, num, spec.thai)} {name}", *map(money, amounts), ""],
                align=[None, None, None, *["right"] * 5, None],
            )
            dim_first.setdefault(di, r)
            mission_first.setdefault(mission, r)
            last_row_of[("d", di)] = r
            last_row_of[("m", mission)] = r
        elif row[0] == "total":
            _, di, label, sums = row
            r = d.row(
                tbl,
                [label, "", "", *map(money, sums), ""],
                bold=True,
                align=[None, None, None, *["right"] * 5, None],
            )
            r.cells[0].merge(r.cells[2])
        else:
            _, label, sums = row
            r = d.row(
                tbl,
                [label, "", "", *map(money, sums), ""],
                bold=True,
                align=[None, None, None, *["right"] * 5, None],
            )
            r.cells[0].merge(r.cells[2])
    # vertical merges: มิติ over its projects, ภารกิจ over its projects
    for di in range(1, len(DIMENSIONS) + 1):
        a, b = dim_first[di], last_row_of[("d", di)]
        if a is not b:
            a.cells[0].merge(b.cells[0])
    for mission, a in mission_first.items():
        b = last_row_of[("m", mission)]
        if a is not b:
            a.cells[1].merge(b.cells[1])
    d.para("")
    d.para("หมายเหตุ งบประมาณตามแผนพัฒนาท้องถิ่น (พ.ศ. 2566 - 2570) อาจปรับเปลี่ยนตามความเหมาะสม", size=d.size)
    d.save(path)


def writer_announce(spec: Spec, path: Path) -> None:
    d = WriterDoc(spec)
    policy = spec.kind == "policy"
    d.para(f"ประกาศ{ORG_A}", bold=True, align="center", size=d.size + 2)
    if policy:
        d.para(
            "เรื่อง นโยบายการกำกับดูแลองค์การที่ดี ประจำปีงบประมาณ พ.ศ. 2568",
            bold=True,
            align="center",
            size=d.size + 2,
        )
    else:
        d.para(
            "เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2568",
            bold=True,
            align="center",
            size=d.size + 2,
        )
    d.para("------------------------------------", align="center", space_after=6)
    if policy:
        pre = (
            f"ด้วย{ORG_A} ได้ตระหนักถึงความสำคัญของการบริหารราชการตามหลักธรรมาภิบาล เพื่อให้การปฏิบัติงาน"
            "เป็นไปอย่างมีประสิทธิภาพ มีความรับผิดชอบต่อผู้รับบริการ ผู้มีส่วนได้ส่วนเสีย สังคม และสิ่งแวดล้อม "
            "จึงกำหนดนโยบายการกำกับดูแลองค์การที่ดี ไว้ดังนี้"
        )
    else:
        pre = (
            "ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) ได้ดำเนินการประเมิน"
            "คุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (Integrity and Transparency Assessment : ITA) "
            f"เพื่อให้หน่วยงานภาครัฐมีการบริหารงานด้วยความโปร่งใส และป้องกันการทุจริต {ORG_A} "
            "ได้วิเคราะห์ผลการประเมินประจำปีงบประมาณ พ.ศ. 2567 แล้ว จึงกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
            "ภายในหน่วยงาน เพื่อให้บุคลากรทุกคนถือปฏิบัติ ดังนี้"
        )
    d.para(pre, first_cm=2.5, align="justify", space_after=6)
    if policy:
        for i, (head, subs) in enumerate(POLICY, 1):
            d.para(f"{numbering(i, 'dot', False)} {head}", first_cm=2.5, bold=True, align="justify")
            for j, s in enumerate(subs, 1):
                d.para(f"{i}.{j} {s}", indent_cm=2.5, first_cm=0.0, align="justify")
    else:
        for i, (head, body) in enumerate(ANNOUNCED, 1):
            # first line indented, continuation lines flush left (as typed in Word)
            d.para(
                f"{numbering(i, 'dot', False)} {head} {body}", first_cm=2.5, align="justify", space_after=2
            )
    d.para("ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป", first_cm=2.5, space_after=6)
    d.para("ประกาศ ณ วันที่ 15 ตุลาคม พ.ศ. 2567", indent_cm=5.5, space_after=30)
    d.para(f"({MAYOR_A[0]})", indent_cm=6.5)
    d.para(MAYOR_A[1], indent_cm=5.2)
    d.save(path)


# --------------------------------------------------------------------------------------------
# Calc (openpyxl)
# --------------------------------------------------------------------------------------------


class CalcSheet:
    PT_PER_WIDTH = 5.6  # one Excel column-width unit in points (Calibri 11 default)

    def __init__(self, spec: Spec, widths: list[float]):
        self.spec = spec
        self.wb = Workbook()
        self.ws = self.wb.active
        self.ws.title = "Sheet1"
        self.widths = widths
        for i, w in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.face, self.size = spec.font, spec.size
        self.m = Metrics.of(self.face)
        self.r = 0
        thin = Side(style="thin", color="000000")
        self.thin, self.none = thin, Side(style=None)

    def t(self, s):
        return s.translate(THAI_DIGITS) if (self.spec.thai and isinstance(s, str)) else s

    def border(self, col: int, header: bool, top_of_block=False, bottom_of_block=False) -> Border:
        t, n = self.thin, self.none
        if self.spec.rules == "all" or header:
            return Border(left=t, right=t, top=t, bottom=t)
        if self.spec.rules == "vertical":
            return Border(left=t, right=t, top=t if top_of_block else n, bottom=t if bottom_of_block else n)
        return Border()

    def title(self, lines: list[str], ncols: int) -> None:
        for ln in lines:
            self.r += 1
            c = self.ws.cell(self.r, 1, ln)
            c.font = Font(name=self.face, size=self.size + 2, bold=True)
            c.alignment = Alignment(horizontal="center")
            self.ws.merge_cells(start_row=self.r, start_column=1, end_row=self.r, end_column=ncols)
            self.ws.row_dimensions[self.r].height = self.m.line * (self.size + 2) + 2
        self.r += 1

    def row(
        self,
        values: list,
        *,
        header=False,
        bold=False,
        align=None,
        merges=(),
        height_lines=None,
        last=False,
        first=False,
    ) -> int:
        self.r += 1
        lines = 1
        for i, v in enumerate(values, 1):
            v = self.t(v)
            c = self.ws.cell(self.r, i, v if v != "" else None)
            c.font = Font(name=self.face, size=self.size, bold=bold or header)
            a = align[i - 1] if isinstance(align, (list, tuple)) else align
            c.alignment = Alignment(
                wrap_text=True, vertical="center" if header else "top", horizontal="center" if header else a
            )
            c.border = self.border(i, header, top_of_block=first, bottom_of_block=last)
            if v not in ("", None):
                span = next((b - a_ + 1 for a_, b in merges if a_ == i), 1)
                avail = sum(self.widths[i - 1 : i - 1 + span]) * self.PT_PER_WIDTH - 6
                lines = max(lines, self.m.lines(str(v), self.size, avail))
        for a_, b in merges:
            self.ws.merge_cells(start_row=self.r, start_column=a_, end_row=self.r, end_column=b)
        n = height_lines if height_lines is not None else lines
        self.ws.row_dimensions[self.r].height = round(n * self.m.line * self.size + 3, 1)
        return self.r

    def vmerge(self, col: int, r0: int, r1: int) -> None:
        if r1 > r0:
            self.ws.merge_cells(start_row=r0, start_column=col, end_row=r1, end_column=col)

    def setup(self, header_rows: str, last_col: int) -> None:
        ws = self.ws
        ws.page_setup.orientation = "landscape" if self.spec.landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_title_rows = header_rows
        ws.print_area = f"A1:{get_column_letter(last_col)}{self.r}"
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.print_options.horizontalCentered = True

    def save(self, path: Path) -> None:
        from datetime import datetime

        self.wb.properties.created = self.wb.properties.modified = datetime(2024, 10, 15, 9, 0, 0)
        self.wb.properties.creator = "งานนโยบายและแผน"
        self.wb.save(str(path))


def calc_plan(spec: Spec, path: Path) -> None:
    s = CalcSheet(spec, [7, 34, 60, 20, 18])
    s.title(
        ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2568", f"{ORG_A} {PLACE_A}"], 5
    )
    hr = s.row(["ลำดับ", "มาตรการ/กิจกรรม", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ"], header=True)
    for i, (m, steps, resp, period, *_r) in enumerate(MEASURES, 1):
        steps_text = "\n".join(f"{k}) {st}" for k, st in enumerate(steps, 1))
        s.row([i, m, steps_text, resp, period], align=["center", "left", "left", "left", "center"])
    s.setup(f"{hr}:{hr}", 5)
    s.save(path)


def calc_report(spec: Spec, path: Path) -> None:
    s = CalcSheet(spec, [7, 36, 44, 12, 12, 12, 22])
    s.title(
        [
            "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            "ประจำปีงบประมาณ พ.ศ. 2568 (รอบ 6 เดือน ตั้งแต่ 1 ตุลาคม 2567 ถึง 31 มีนาคม 2568)",
            f"{ORG_A} {PLACE_A}",
        ],
        7,
    )
    h1 = s.row(
        ["ลำดับ", "มาตรการ/กิจกรรม", "ผลการดำเนินงาน", "สถานะการดำเนินงาน", "", "", "ผู้รับผิดชอบ"],
        header=True,
        merges=[(4, 6)],
    )
    h2 = s.row(["", "", "", STATUS_LABEL[DONE], STATUS_LABEL[PROG], STATUS_LABEL[NOTS], ""], header=True)
    for c in (1, 2, 3, 7):
        s.vmerge(c, h1, h2)
    for i, (m, _st, resp, _p, result, status) in enumerate(MEASURES, 1):
        marks = ["", "", ""]
        k = _status_index(status)
        merges = []
        if k is not None:
            marks[k] = _mark_text(spec.tick)
        else:
            marks = [ODD_STATUS, "", ""]
            merges = [(4, 6)]
        s.row(
            [i, m, result, *marks, resp],
            align=["center", "left", "left", "center", "center", "center", "left"],
            merges=merges,
        )
    s.setup(f"{h1}:{h2}", 7)
    s.save(path)


def calc_budget(spec: Spec, path: Path) -> None:
    s = CalcSheet(spec, [22, 30, 44, 12, 12, 12, 12, 12, 12])
    s.title(_budget_title(), 9)
    h1 = s.row(
        ["มิติ", "ภารกิจตามมิติ", "โครงการ/กิจกรรม/มาตรการ", *[f"ปี {y}" for y in YEARS], "หมายเหตุ"], header=True
    )
    h2 = s.row(["", "", "", *["งบประมาณ (บาท)"] * 5, ""], header=True)
    for c in (1, 2, 3, 9):
        s.vmerge(c, h1, h2)
    rows = budget_rows(spec)
    dim_rows: dict[int, list[int]] = {}
    mis_rows: dict[str, list[int]] = {}
    prev_dim = None
    for row in rows:
        if row[0] == "project":
            _, di, mission, no, name, amounts = row
            first = di != prev_dim
            prev_dim = di
            r = s.row(
                [
                    f"{di}. {DIMENSIONS[di - 1][0]}" if first else "",
                    mission if mission not in mis_rows else "",
                    f"{numbering(no, spec.numbering, spec.thai)} {name}",
                    *[a if a else "-" for a in amounts],
                    "",
                ],
                align=["left", "left", "left", *["right"] * 5, "left"],
                first=first,
            )
            dim_rows.setdefault(di, []).append(r)
            mis_rows.setdefault(mission, []).append(r)
        else:
            label, sums = (row[2], row[3]) if row[0] == "total" else (row[1], row[2])
            s.row(
                [label, "", "", *[a if a else "-" for a in sums], ""],
                bold=True,
                align=["center", "left", "left", *["right"] * 5, "left"],
                merges=[(1, 3)],
                first=True,
                last=True,
            )
    # numbers as numbers with a thousands format ('-' stays text, as typed)
    for rr in s.ws.iter_rows(min_row=h2 + 1, max_row=s.r, min_col=4, max_col=8):
        for c in rr:
            if isinstance(c.value, int):
                c.number_format = "#,##0"
    for rs in dim_rows.values():
        s.vmerge(1, rs[0], rs[-1])
    for rs in mis_rows.values():
        s.vmerge(2, rs[0], rs[-1])
    # merged cells keep the height of their first row only: make sure the rows are tall enough
    for col, groups, texts in (
        (1, dim_rows, {di: f"{di}. {DIMENSIONS[di - 1][0]}" for di in dim_rows}),
        (2, mis_rows, {m: m for m in mis_rows}),
    ):
        for key, rs in groups.items():
            need = (
                s.m.lines(texts[key], s.size, s.widths[col - 1] * s.PT_PER_WIDTH - 6) * s.m.line * s.size + 3
            )
            have = sum(s.ws.row_dimensions[r].height for r in rs)
            if need > have:
                s.ws.row_dimensions[rs[-1]].height += need - have
    s.setup(f"{h1}:{h2}", 9)
    s.save(path)


# --------------------------------------------------------------------------------------------
# Gold
# --------------------------------------------------------------------------------------------


def gold(spec: Spec) -> dict:
    g: dict = {
        "fixture": spec.name,
        "suite": spec.suite,
        "rules": spec.rules,
        "font": spec.font,
        "landscape": spec.landscape,
        "numbering": spec.numbering,
        "thai_digits": spec.thai,
        "tick": spec.tick,
        "status_layout": spec.status_layout,
        "org_name": ORG_A,
        "fiscal_year": 2568,
        "measures": [],
        "budgets": [],
        "totals": {},
    }
    if spec.kind == "plan":
        g["doc_type"] = "integrity_measures"
        g["measures"] = [
            {
                "text": norm(m),
                "responsible": norm(resp),
                "period_text": norm(period),
                "status": None,
                "status_note_expected": False,
            }
            for m, _s, resp, period, *_r in MEASURES
        ]
    elif spec.kind == "report":
        g["doc_type"] = "integrity_report"
        g["measures"] = [
            {
                "text": norm(m),
                "responsible": norm(resp),
                "period_text": None,
                "result_text": norm(result),
                "status": status,
                "status_note_expected": status is None,
                "status_printed": ODD_STATUS if status is None else None,
            }
            for m, _s, resp, _p, result, status in MEASURES
        ]
    elif spec.kind == "budget":
        g.update(doc_type="anticorruption_plan", org_name=ORG_C, fiscal_year=2566, fiscal_year_end=2570)
        dims = {}
        for row in budget_rows(spec):
            if row[0] == "project":
                _, di, _m, no, name, amounts = row
                for y, a in zip(YEARS, amounts):
                    g["budgets"].append(
                        {
                            "project_no": no,
                            "project_name": norm(name),
                            "dimension_no": di,
                            "fiscal_year": y,
                            "amount_thb": float(a),
                        }
                    )
            elif row[0] == "total":
                _, di, label, sums = row
                dims[str(di)] = {
                    "label": norm(label),
                    "n_projects": sum(1 for b in budget_rows(spec) if b[0] == "project" and b[1] == di),
                    "amounts": {str(y): float(a) for y, a in zip(YEARS, sums)},
                }
            else:
                _, label, sums = row
                g["totals"]["grand"] = {
                    "label": norm(label),
                    "n_projects": sum(1 for b in budget_rows(spec) if b[0] == "project"),
                    "amounts": {str(y): float(a) for y, a in zip(YEARS, sums)},
                }
        g["totals"]["dimensions"] = dims
        # the plan's project column is its measure column: each project is also a measure (kind plan)
        seen = []
        for b in g["budgets"]:
            if b["project_name"] not in seen:
                seen.append(b["project_name"])
        g["measures"] = [
            {
                "text": t,
                "responsible": None,
                "period_text": None,
                "status": None,
                "status_note_expected": False,
            }
            for t in seen
        ]
    elif spec.kind == "announce":
        g["doc_type"] = "integrity_measures"
        g["measures"] = [
            {
                "text": norm(f"{h} {b}"),
                "headline": norm(h),
                "responsible": None,
                "period_text": None,
                "status": None,
                "status_note_expected": False,
            }
            for h, b in ANNOUNCED
        ]
    elif spec.kind == "policy":
        g["doc_type"] = "other"
    return g


# --------------------------------------------------------------------------------------------
# Conversion and determinism
# --------------------------------------------------------------------------------------------


BUILDERS = {
    ("plan", "writer"): writer_plan,
    ("report", "writer"): writer_report,
    ("budget", "writer"): writer_budget,
    ("announce", "writer"): writer_announce,
    ("policy", "writer"): writer_announce,
    ("plan", "calc"): calc_plan,
    ("report", "calc"): calc_report,
    ("budget", "calc"): calc_budget,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--keep-sources", action="store_true", help="also keep the .docx/.xlsx in OUTDIR/sources")
    ap.add_argument("--only", default="", help="comma-separated fixture names (prefixes)")
    a = ap.parse_args(argv)
    if not shutil.which("soffice"):
        print(
            "soffice not found: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui",
            file=sys.stderr,
        )
        return 2
    specs = [s for s in SPECS if not a.only or any(s.name.startswith(p) for p in a.only.split(","))]
    a.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="office_fixtures_") as tmp:
        tmp = Path(tmp)
        src = tmp / "src"
        pdf = tmp / "pdf"
        src.mkdir()
        pdf.mkdir()
        by_suite: dict[str, list[Path]] = {"writer": [], "calc": []}
        for spec in specs:
            ext = "docx" if spec.suite == "writer" else "xlsx"
            p = src / f"{spec.name}.{ext}"
            BUILDERS[(spec.kind, spec.suite)](spec, p)
            by_suite[spec.suite].append(p)
        for files in by_suite.values():
            to_pdf(files, pdf)
        for spec in specs:
            out = pdf / f"{spec.name}.pdf"
            if not out.exists():
                print(f"{spec.name}: LibreOffice wrote no PDF", file=sys.stderr)
                return 1
            shutil.copyfile(out, a.outdir / out.name)
            (a.outdir / f"{spec.name}.gold.json").write_text(
                json.dumps(gold(spec), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            print(f"{spec.name}.pdf {out.stat().st_size // 1024} KB")
        if a.keep_sources:
            (a.outdir / "sources").mkdir(exist_ok=True)
            for f in src.iterdir():
                shutil.copyfile(f, a.outdir / "sources" / f.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
