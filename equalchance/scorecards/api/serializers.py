"""The shape of scorecards in the JSON API (the frozen shape of scorecards.snapshots), documented."""

from rest_framework import serializers


class EstimateSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    lower = serializers.FloatField(allow_null=True, help_text="Lower 95% limit")
    upper = serializers.FloatField(allow_null=True, help_text="Upper 95% limit")
    method = serializers.CharField(required=False, allow_blank=True)


class AreaValueSerializer(serializers.Serializer):
    name = serializers.CharField()
    estimate = EstimateSerializer(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    synthetic = serializers.BooleanField(help_text="Generated for small areas, not real data")
    note = serializers.CharField(allow_blank=True)


class AreasSerializer(serializers.Serializer):
    target = AreaValueSerializer()
    rest = AreaValueSerializer()
    district = AreaValueSerializer()
    england = AreaValueSerializer()
    comparators = AreaValueSerializer()


class GapsSerializer(serializers.Serializer):
    rest = EstimateSerializer(allow_null=True, required=False)
    district = EstimateSerializer(allow_null=True, required=False)
    england = EstimateSerializer(allow_null=True, required=False)
    comparators = EstimateSerializer(allow_null=True, required=False)


class ChangeSerializer(serializers.Serializer):
    since = serializers.CharField()
    change = EstimateSerializer(allow_null=True)
    direction = serializers.CharField(
        help_text="narrowing, widening, no significant change, gap closed, reversed (crossed over for "
        "measures with no judgement), or cannot be calculated"
    )


class LineSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="Indicator code")
    name = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    polarity = serializers.CharField()
    source = serializers.CharField()
    period = serializers.CharField(allow_blank=True)
    synthetic = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)
    areas = AreasSerializer(required=False)
    comparator_mean = serializers.FloatField(allow_null=True, required=False)
    gaps = GapsSerializer(
        required=False,
        help_text="Target minus comparator multiplied by orientation, so that positive means the target "
        "is worse (for measures with no judgement: on the side it was at the first period)",
    )
    differences = GapsSerializer(
        required=False, help_text="Target minus comparator, as measured (what pages and files show)"
    )
    status = serializers.CharField(
        required=False,
        help_text="target significantly better or worse, or no significant gap; for measures with no "
        "judgement, target significantly higher or lower, or no significant difference",
    )
    orientation = serializers.IntegerField(
        required=False, help_text="+1 if the gaps are target minus comparator, -1 if turned the other way"
    )
    from_previous = ChangeSerializer(allow_null=True, required=False)
    from_baseline = ChangeSerializer(allow_null=True, required=False)
    trend = serializers.CharField(required=False)
    against_england = serializers.CharField(
        required=False,
        help_text="better, similar, worse (higher or lower with no judgement), or not compared",
    )
    against_rest = serializers.CharField(
        required=False,
        help_text="The target against the rest of the district, as the gap's status says: better, similar, "
        "worse (higher or lower with no judgement), or not compared",
    )


class ThemeSerializer(serializers.Serializer):
    name = serializers.CharField()
    commentary = serializers.CharField(allow_blank=True, required=False)
    lines = LineSerializer(many=True)


class ScorecardSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    district_code = serializers.CharField()
    district_name = serializers.CharField()
    target = serializers.CharField()
    comparator_group = serializers.CharField(allow_blank=True)


class ScorecardDataSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    as_at = serializers.CharField(
        help_text="The reporting date asked for: periods ending after it are left out"
    )
    data_up_to = serializers.DateField(
        allow_null=True, help_text="The end of the latest period held (never after publication)"
    )
    published_at = serializers.DateTimeField(allow_null=True, required=False)
    contains_synthetic_data = serializers.BooleanField()
    synthetic_note = serializers.CharField(allow_blank=True)
    small_numbers_suppressed = serializers.BooleanField()
    themes = ThemeSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What was wrong, in words")
