#!/usr/bin/env python3
"""vocab.py OUTDIR SEED - field files that name fields and values as county
offices do (tests/import/test-vocab.sh): Chinese column names and synonyms
in a varied order, statuses, poverty classes, surfaces, operators... as
their Chinese names, synonyms, full-width forms and with spaces around.

Writes into OUTDIR, for the villages of tests/import/villages.geojson
(上雷村: 109.25-109.30 E, 33.98-34.02 N):
  households.geojson  households with every field under a Chinese name
  lights.csv          streetlights with 经度/纬度 columns (新建 on a light is built);
                      lights.expect: the first light's id, status column and status
  roads.geojson       roads (已建 on a road is new)
  towers.geojson      signal towers (移动, 联通...)
  gravel.geojson      roads, one of them with the surface 碎石 (not a word of
                      the vocabulary): gravel.expect holds its feature number
                      and id
  nopoverty.csv       households without a poverty column (--set poverty=...)
  walked.geojson      a road without a status column (--set status=new)
and expected-LAYER.tsv: each feature's id and the values the store must
hold, sorted by id, tab-separated (empty: NULL).
"""
import csv
import json
import random
import sys

# Chinese names of fields and synonyms (vocabulary.tsv, attributes.tsv).
FIELD_WORDS = {
    "id": ["编号", "id", "ＩＤ", " 编号 "],
    "hh_id": ["户编号", "编号", "户号"],
    "name": ["名称", "name"],
    "status": ["状态", "建设状态", "建设性质", "Status"],
    "year": ["建设年份", "建成年份", "年份", "年度"],
    "members": ["家庭人口", "人口", "人数"],
    "poverty": ["贫困状态", "贫困户属性", "户类型", "poverty"],
    "toilet_retrofit": ["户厕改造", "改厕"],
    "head_name": ["户主", "户主姓名"],
    "id_number": ["身份证", "身份证号", "身份证号码"],
    "phone": ["电话", "手机", "联系电话"],
    "surface": ["路面", "路面类型", "SURFACE"],
    "class": ["道路等级", "等级"],
    "width": ["路宽", "宽度"],
    "power_source": ["供电方式", "电源"],
    "watts": ["功率", "瓦数"],
    "operator": ["运营商", "运营单位"],
    "height": ["塔高", "高度"],
}

# Words of values, by the key they mean.
POVERTY = {
    "registered": ["贫困户", "建档立卡贫困户", "未脱贫", "贫困户（未脱贫）", "registered", "Registered"],
    "lifted": ["脱贫户", "已脱贫", "已脱贫户", "LIFTED"],
    "none": ["一般户", "一般农户", "非贫困户", "none"],
}
TOILET = {"yes": ["是", "yes", "有"], "no": ["否", "ＮＯ", "无"]}
ROAD_STATUS = {
    "new": ["新建", "新修", "已建", "竣工", "完工", "built", "ＮＥＷ"],
    "widened": ["拓宽", "加宽"],
    "hardened": ["硬化", "路面硬化"],
    "existing": ["现有", "原有", "existing"],
    "planned": ["规划", "拟建", "计划"],
}
LIGHT_STATUS = {
    "built": ["新建", "新装", "已建", "竣工", "new", "ＢＵＩＬＴ", "拓宽"],
    "existing": ["现有", "原有"],
    "planned": ["规划", "拟建"],
}
SURFACE = {
    "concrete": ["水泥", "混凝土", "水泥路面", "ＣＯＮＣＲＥＴＥ"],
    "asphalt": ["沥青", "柏油", "asphalt"],
    "gravel": ["砂石", "砂石路面"],
    "earth": ["土路", "土"],
}
ROAD_CLASS = {"village": ["村道", "通村路"], "group": ["组道", "通组路"], "township": ["乡道"]}
POWER = {"solar": ["太阳能", "光伏", "solar"], "grid": ["市电", "电网"]}
OPERATOR = {
    "china_mobile": ["移动", "中国移动"],
    "china_unicom": ["联通", "中国联通"],
    "china_telecom": ["电信", "China Telecom"],
    "china_tower": ["铁塔", "中国铁塔"],
}


def dressed(rng, word):
    """WORD as a file may hold it: as is, or with spaces around."""
    return rng.choice([word, word, " " + word, word + " ", "\u3000" + word])


def pick(rng, table):
    key = rng.choice(sorted(table))
    return key, dressed(rng, rng.choice(table[key]))


def point(rng):
    return [round(rng.uniform(109.255, 109.295), 6), round(rng.uniform(33.985, 34.015), 6)]


def line(rng):
    x, y = point(rng)
    return [[x, y], [round(x + rng.uniform(0.001, 0.003), 6), round(y + rng.uniform(-0.002, 0.002), 6)]]


def names(rng, fields):
    """A column name for each field, and the order of the columns."""
    chosen = {f: rng.choice(FIELD_WORDS.get(f, [f])) for f in fields}
    order = list(fields)
    rng.shuffle(order)
    return chosen, order


def geojson(path, feats):
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f, ensure_ascii=False)


def feature(props, order, cols, geometry):
    return {"type": "Feature", "properties": {cols[k]: props[k] for k in order},
            "geometry": geometry}


def expected(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in sorted(rows):
            f.write("\t".join("" if v is None else str(v) for v in r) + "\n")


def households(rng, out):
    fields = ["hh_id", "members", "poverty", "toilet_retrofit", "head_name", "id_number", "phone"]
    cols, order = names(rng, fields)
    feats, rows = [], []
    for i in range(rng.randint(12, 20)):
        hid = "HH-%03d" % (i + 1)
        pov, pov_word = pick(rng, POVERTY)
        toilet, toilet_word = pick(rng, TOILET)
        members = rng.randint(1, 8)
        head = "王某" + "明亮红军华"[i % 5]
        idn = "610122199001%02d%04d" % (i % 28 + 1, i)
        phone = "1990000%04d" % i
        props = {"hh_id": hid, "members": members, "poverty": pov_word,
                 "toilet_retrofit": toilet_word, "head_name": head, "id_number": idn,
                 "phone": phone}
        feats.append(feature(props, order, cols, {"type": "Point", "coordinates": point(rng)}))
        rows.append((hid, members, pov, toilet, head, idn, phone))
    geojson(out + "/households.geojson", feats)
    expected(out + "/expected-households.tsv", rows)


def table(path, cols, order, records):
    """A CSV file of RECORDS (dicts by field) with COLS's names in ORDER."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([cols[k] for k in order])
        for props in records:
            w.writerow([props[k] for k in order])


def csv_names(rng, fields):
    """names() for a CSV table with 经度/纬度 columns (not the vocabulary's)."""
    cols, order = names(rng, fields + ["lon", "lat"])
    cols["lon"], cols["lat"] = "经度", "纬度"
    return cols, order


def lights(rng, out):
    cols, order = csv_names(rng, ["id", "status", "power_source", "watts"])
    records, rows = [], []
    for i in range(rng.randint(10, 16)):
        lid = "LD-%02d" % (i + 1)
        status, status_word = pick(rng, LIGHT_STATUS)
        power, power_word = pick(rng, POWER)
        watts = rng.choice([30, 40, 60, 100])
        lon, lat = point(rng)
        records.append({"id": lid, "lon": lon, "lat": lat, "status": status_word,
                        "power_source": power_word, "watts": watts})
        rows.append((lid, status, power, watts))
        if i == 0:
            first = (lid, cols["status"], status_word.strip())
    table(out + "/lights.csv", cols, order, records)
    expected(out + "/expected-streetlights.tsv", rows)
    with open(out + "/lights.expect", "w", encoding="utf-8") as f:
        f.write("\t".join(first) + "\n")


def road_props(rng, i, prefix):
    status, status_word = pick(rng, ROAD_STATUS)
    surface, surface_word = pick(rng, SURFACE)
    cls, cls_word = pick(rng, ROAD_CLASS)
    year = rng.randint(2015, 2020)
    width = rng.choice([3.5, 4.5, 6])
    rid = "%s-%02d" % (prefix, i + 1)
    return ({"id": rid, "name": "%d组道路" % (i + 1), "status": status_word, "year": year,
             "surface": surface_word, "class": cls_word, "width": width},
            (rid, status, year, surface, cls, width))


def roads(rng, out):
    fields = ["id", "name", "status", "year", "surface", "class", "width"]
    cols, order = names(rng, fields)
    feats, rows = [], []
    for i in range(rng.randint(8, 14)):
        props, row = road_props(rng, i, "R")
        feats.append(feature(props, order, cols, {"type": "LineString", "coordinates": line(rng)}))
        rows.append(row)
    geojson(out + "/roads.geojson", feats)
    expected(out + "/expected-roads.tsv", rows)

    # One road surfaced with 碎石, a word the vocabulary does not know.
    feats, n = [], rng.randint(3, 7)
    bad = rng.randint(1, n)
    for i in range(n):
        props, _ = road_props(rng, i, "G")
        if i + 1 == bad:
            props["surface"] = "碎石"
        feats.append(feature(props, order, cols, {"type": "LineString", "coordinates": line(rng)}))
    geojson(out + "/gravel.geojson", feats)
    with open(out + "/gravel.expect", "w", encoding="utf-8") as f:
        f.write("%d\tG-%02d\t%s\n" % (bad, bad, cols["surface"]))

    # A road walked with a phone: no status column at all.
    geojson(out + "/walked.geojson",
            [{"type": "Feature", "properties": {"名称": "新修组道"},
              "geometry": {"type": "LineString", "coordinates": line(rng)}}])


def towers(rng, out):
    fields = ["id", "status", "operator", "height"]
    cols, order = names(rng, fields)
    feats, rows = [], []
    for i in range(rng.randint(4, 8)):
        tid = "XT-%02d" % (i + 1)
        status, status_word = pick(rng, LIGHT_STATUS)
        op, op_word = pick(rng, OPERATOR)
        height = rng.choice([25, 30, 35, 40])
        props = {"id": tid, "status": status_word, "operator": op_word, "height": height}
        feats.append(feature(props, order, cols, {"type": "Point", "coordinates": point(rng)}))
        rows.append((tid, status, op, height))
    geojson(out + "/towers.geojson", feats)
    expected(out + "/expected-signal_towers.tsv", rows)


def nopoverty(rng, out):
    cols, order = csv_names(rng, ["hh_id", "members"])
    records, rows = [], []
    for i in range(rng.randint(3, 6)):
        hid = "NP-%02d" % (i + 1)
        members = rng.randint(1, 6)
        lon, lat = point(rng)
        records.append({"hh_id": hid, "members": members, "lon": lon, "lat": lat})
        rows.append((hid, members, "none"))
    table(out + "/nopoverty.csv", cols, order, records)
    expected(out + "/expected-nopoverty.tsv", rows)


def main():
    out, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    households(rng, out)
    lights(rng, out)
    roads(rng, out)
    towers(rng, out)
    nopoverty(rng, out)


if __name__ == "__main__":
    main()
