from rest_framework import serializers

from onboarding.questionnaires.models import Question, Questionnaire


class QuestionSerializer(serializers.ModelSerializer):
    label = serializers.CharField()
    help = serializers.CharField(source="help_text")
    choices = serializers.SerializerMethodField()
    show_if = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "key",
            "kind",
            "label",
            "help",
            "required",
            "min_value",
            "max_value",
            "max_length",
            "choices",
            "show_if",
        ]

    def get_choices(self, question: Question) -> list[dict[str, str]]:
        return [{"value": value, "label": label} for value, label in question.choice_pairs()]

    def get_show_if(self, question: Question) -> dict | None:
        if not question.show_if_key:
            return None
        return {"question": question.show_if_key, "in": question.show_if_values}


class QuestionnaireSerializer(serializers.ModelSerializer):
    consent_text = serializers.CharField()
    questions = QuestionSerializer(many=True)

    class Meta:
        model = Questionnaire
        fields = ["version", "published_at", "consent_text", "questions"]
