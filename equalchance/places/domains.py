"""The domains of the Indices of Deprivation and which summary measures MHCLG publishes for each."""

DOMAIN_LABELS = {
    "imd": "Index of Multiple Deprivation",
    "income": "Income",
    "employment": "Employment",
    "education": "Education, Skills and Training",
    "health": "Health Deprivation and Disability",
    "crime": "Crime",
    "barriers": "Barriers to Housing and Services",
    "living_environment": "Living Environment",
    "idaci": "Income Deprivation Affecting Children",
    "idaopi": "Income Deprivation Affecting Older People",
}

# Domains with district summaries, and their measures, in the order of MHCLG's File 10. IoD2019's File 10
# as shipped here has the IMD, Income and Employment sheets; IoD2025's (v2) has all eight.
_DOMAIN_MEASURES = ("average_score", "average_rank", "proportion_most_deprived_10pc")
SUMMARY_MEASURES = {
    "imd": (
        "average_score",
        "average_rank",
        "proportion_most_deprived_10pc",
        "extent",
        "local_concentration",
    ),
    "income": (*_DOMAIN_MEASURES, "scale"),
    "employment": (*_DOMAIN_MEASURES, "scale"),
    "education": _DOMAIN_MEASURES,
    "health": _DOMAIN_MEASURES,
    "crime": _DOMAIN_MEASURES,
    "barriers": _DOMAIN_MEASURES,
    "living_environment": _DOMAIN_MEASURES,
}

MEASURE_LABELS = {
    "average_score": "Average score",
    "average_rank": "Average rank",
    "proportion_most_deprived_10pc": "Proportion of LSOAs in the most deprived 10% nationally",
    "extent": "Extent",
    "local_concentration": "Local concentration",
    "scale": "Scale (number of people deprived)",
}

MEASURE_HELP = {
    "average_score": "Population-weighted average of the LSOA scores.",
    "average_rank": "Population-weighted average of LSOA ranks, reversed so that higher means more deprived.",
    "proportion_most_deprived_10pc": "Share of the area's LSOAs (not people) "
    "in the most deprived 10% in England.",
    "extent": "Share of the population living in the most deprived 30% of LSOAs, "
    "weighted down from the 11th to the 30th percentile.",
    "local_concentration": "Average reversed rank of the most deprived LSOAs holding 10% of the population.",
    "scale": "Estimated number of people deprived (LSOA rate times population, summed).",
}

# Population denominator MHCLG uses for each domain (Technical report 2019, para 3.8.9): the working-age
# population for Employment, the total population for every other domain.
DOMAIN_POPULATION = {domain: "pop_total" for domain in SUMMARY_MEASURES} | {"employment": "pop_working_age"}

# What a computed summary needs beyond the LSOA ranks and deciles, in words (for pages that say why a
# measure cannot be computed).
MEASURE_NEEDS = {
    "average_score": "LSOA scores and population denominators",
    "average_rank": "LSOA population denominators",
    "proportion_most_deprived_10pc": "LSOA deciles",
    "extent": "LSOA population denominators",
    "local_concentration": "LSOA population denominators",
    "scale": "LSOA rates and population denominators",
}

# Decile colours: 1 (most deprived) dark to 10 light; each shade passes 3:1 against its neighbour's text.
DECILE_COLOURS = [
    "#08306b",
    "#08519c",
    "#2171b5",
    "#4292c6",
    "#6baed6",
    "#9ecae1",
    "#c6dbef",
    "#deebf7",
    "#eff5fb",
    "#ffffff",
]
