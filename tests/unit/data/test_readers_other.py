import pandas as pd
import pytest

from analysis_lib.data.readers import neighbours, troubled_families
from analysis_lib.errors import DataFileError


def test_tf_progress(write):
    text = ("Upper tier local authority,LA code,Phase,Date,Families to work with,"
            "Families identified,Families worked with,Families turned around\n"
            "Walsall,335,1,2013-12-31,\"1,040\",413,300,92\n")
    df = troubled_families.read_tf_progress(write("tf.csv", text))
    assert df.iloc[0][["target_families", "families_identified", "families_turned_around"]
                      ].tolist() == [1040, 413, 92]
    with pytest.raises(DataFileError, match="unknown phase"):
        troubled_families.read_tf_progress(write("tf.csv", text.replace(",1,2013", ",3,2013")))


def test_tf_family_records_flags(write):
    text = ("family_id,la_code,phase,treated,start_year,n_children,lone_parent,workless,prior_cin,"
            "prior_persistent_absence,prior_offending,deprivation_decile\n"
            "1,335,1,True,2012,2,False,1,0,false,true,3\n2,335,1,False,,1,0,0,0,0,0,10\n")
    df = troubled_families.read_tf_family_records(write("f.csv", text))
    assert df.treated.tolist() == [True, False] and df.start_year.isna().tolist() == [False, True]
    with pytest.raises(DataFileError, match="decile"):
        troubled_families.read_tf_family_records(write("f.csv", text.replace(",10\n", ",11\n")))


def test_statistical_neighbours_wide_to_long(write):
    header = "LA num,LA Name,LA number,GOInd,GOReg," + ",".join(
        f"SN{k},SNP" for k in range(1, 11)) + ",\n"
    row = "335,Walsall,335,5,West Midlands," + ",".join(
        f"{c},Close" for c in [831, 354, 874, 861, 350, 357, 332, 333, 382, 894]) + ",\n"
    df = neighbours.read_sn_2021(write("sn.csv", header + row + ",,,,,,,,\n"))
    assert df.neighbour_code.tolist()[:3] == [831, 354, 874] and set(df["rank"]) == set(
        range(1, 11))
    assert set(df.model) == {"2021"} and set(df.closeness) == {"Close"}
    assert isinstance(df, pd.DataFrame)
