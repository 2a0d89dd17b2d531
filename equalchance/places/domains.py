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

# Domains with district summaries in this product, and their measures (MHCLG File 10).
SUMMARY_MEASURES = {
    "imd": (
        "average_score",
        "average_rank",
        "proportion_most_deprived_10pc",
        "extent",
        "local_concentration",
    ),
    "income": ("average_score", "average_rank", "proportion_most_deprived_10pc", "scale"),
    "employment": ("average_score", "average_rank", "proportion_most_deprived_10pc", "scale"),
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

# Population denominator MHCLG uses for each domain (Technical report 2019, para 3.8.9).
DOMAIN_POPULATION = {"imd": "pop_total", "income": "pop_total", "employment": "pop_working_age"}

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
