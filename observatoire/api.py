"""Territories and the observatoire's figures in the public API (registered in apps.py).

Every figure of régions and départements comes from the observatoire's summary tables
(observatoire.chiffres): no request counts the alliances themselves. Communes and EPCI are
the referential (territoires/api.py), with a single count of alliances and organisations for
one of them.
"""

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from alliances.models import Alliance
from api.base import Curseur, PublicApiMixin
from nomenclatures.models import Typologie
from observatoire.chiffres import (
    PREMIERE_ANNEE,
    Chiffres,
    Ligne,
    chiffres_en_cache,
    derniere_annee,
)
from observatoire.forms import ObservatoireForm
from organisations.models import Organisation
from territoires.api import (
    CommuneFilter,
    CommuneSerializer,
    EPCIFilter,
    EPCISerializer,
    epci_parents,
)
from territoires.models import EPCI, Commune, Departement, Region

DESCRIPTION = (
    "Alliances et organisations publiées, en nombre et pour 10 000 habitants (populations du "
    "référentiel territorial), d'après les chiffres de l'observatoire recalculés chaque heure."
)
# The years ObservatoireForm accepts (its last one moves with the calendar: read at start-up).
ANNEE = {"type": "integer", "minimum": PREMIERE_ANNEE, "maximum": derniere_annee()}

FILTRES_PARAMS = [
    OpenApiParameter(
        "typologie",
        OpenApiTypes.STR,
        enum=[value for value, _ in Typologie.choices],
        description="Typologie des alliances comptées.",
    ),
    OpenApiParameter("domaine", OpenApiTypes.STR, description="Code d'un domaine d'action."),
    OpenApiParameter("debut", ANNEE, description="Alliances commencées à partir de cette année."),
    OpenApiParameter("fin", ANNEE, description="Alliances commencées jusqu'en."),
]


def _filtres(request, *, extra_keys=()):
    form = ObservatoireForm(request.query_params, extra_keys=extra_keys, empty_period_allowed=True)
    if not form.is_valid():
        raise exceptions.ValidationError(form.errors.get_json_data())
    return form.filtres()


class TerritoireChiffresSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Code INSEE.")
    nom = serializers.CharField(source="label")
    population = serializers.IntegerField(allow_null=True)
    alliances = serializers.IntegerField(source="nombre")
    alliances_pour_10000 = serializers.FloatField(source="pour_10000", allow_null=True)
    organisations = serializers.IntegerField(allow_null=True)
    organisations_pour_10000 = serializers.FloatField(allow_null=True)
    url = serializers.SerializerMethodField(help_text="Page du territoire.")

    def get_url(self, line: Ligne) -> str:
        return self.context["request"].build_absolute_uri(line.url)


class _TerritoireViewSet(PublicApiMixin, viewsets.ViewSet):
    """Régions or départements with their figures, under the observatoire's filters."""

    serializer_class = TerritoireChiffresSerializer
    lookup_field = "code"
    lookup_value_regex = "[0-9A-Z]{2,3}"
    extra_query_params = {"typologie", "domaine", "debut", "fin"}
    attribute = ""

    def _lines(self) -> dict[str, Ligne]:
        result = chiffres_en_cache(_filtres(self.request))
        return {line.code: line for line in getattr(result, self.attribute)}

    @extend_schema(
        summary="Tous les territoires de ce niveau, avec leurs chiffres sous les filtres",
        description=DESCRIPTION,
        parameters=FILTRES_PARAMS,
    )
    def list(self, request):
        lines = self._lines().values()
        return Response(self.serializer_class(lines, many=True, context={"request": request}).data)

    @extend_schema(
        summary="Un territoire, par son code INSEE, avec ses chiffres sous les filtres",
        description=DESCRIPTION,
        parameters=[
            *FILTRES_PARAMS,
            OpenApiParameter(
                "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Code INSEE."
            ),
        ],
    )
    def retrieve(self, request, code=None):
        line = self._lines().get(code)
        if line is None:
            raise exceptions.NotFound("Aucun territoire n'a ce code INSEE.")
        return Response(self.serializer_class(line, context={"request": request}).data)


@extend_schema(tags=["territoires"])
class RegionViewSet(_TerritoireViewSet):
    attribute = "par_region"


@extend_schema(tags=["territoires"])
class DepartementViewSet(_TerritoireViewSet):
    attribute = "par_departement"


class LigneSerializer(serializers.Serializer):
    code = serializers.CharField()
    libelle = serializers.CharField(source="label")
    nombre = serializers.IntegerField()


class RepartitionSerializer(serializers.Serializer):
    code = serializers.CharField()
    titre = serializers.CharField()
    lignes = LigneSerializer(many=True)


class FiltresSerializer(serializers.Serializer):
    typologie = serializers.CharField()
    domaine = serializers.CharField()
    debut = serializers.IntegerField(allow_null=True)
    fin = serializers.IntegerField(allow_null=True)


class ChiffresSerializer(serializers.Serializer):
    filtres = FiltresSerializer()
    territoire = serializers.CharField(help_text="« France », ou le nom du territoire.")
    calcules_le = serializers.DateTimeField(source="refreshed_at", allow_null=True)
    alliances = serializers.IntegerField()
    organisations = serializers.IntegerField()
    population = serializers.IntegerField(allow_null=True)
    alliances_pour_10000 = serializers.FloatField(source="pour_10000", allow_null=True)
    organisations_pour_10000 = serializers.FloatField(allow_null=True)
    repartitions = serializers.SerializerMethodField()
    regions = TerritoireChiffresSerializer(source="par_region", many=True)
    departements = TerritoireChiffresSerializer(source="par_departement", many=True)

    @extend_schema_field(RepartitionSerializer(many=True))
    def get_repartitions(self, result: Chiffres) -> list[dict]:
        return RepartitionSerializer(
            [
                {"code": slug, "titre": titre, "lignes": lignes}
                for slug, titre, lignes in result.repartitions()
            ],
            many=True,
        ).data


class ChiffresView(PublicApiMixin, APIView):
    """The observatoire's figures, for France or one territory, under its filters."""

    extra_query_params = {"typologie", "domaine", "debut", "fin", "region", "departement"}

    @extend_schema(
        summary="Les chiffres de l'observatoire, pour la France ou un territoire",
        description="Les mêmes chiffres que la page /observatoire/, sous les mêmes filtres.",
        parameters=[
            *FILTRES_PARAMS,
            OpenApiParameter("region", OpenApiTypes.STR, description="Code INSEE d'une région."),
            OpenApiParameter(
                "departement", OpenApiTypes.STR, description="Code INSEE d'un département."
            ),
        ],
        responses=ChiffresSerializer,
    )
    def get(self, request):
        filtres = _filtres(request, extra_keys=("region", "departement"))
        territoire: dict = {}
        nom = "France"
        # PublicApiMixin has checked the codes: each names a row (or answered a 404).
        for key, model in (("departement", Departement), ("region", Region)):
            code = request.query_params.get(key)
            if code:
                place = model.objects.get(code=code)
                territoire, nom = {key: place}, place.nom
                break
        result = chiffres_en_cache(filtres, **territoire)
        result.territoire = nom
        return Response(ChiffresSerializer(result, context={"request": request}).data)


# Communes and EPCI: the referential's filters and serializers (territoires/api.py); a single
# commune or EPCI adds its published alliances and organisations (one count each, on indexed
# columns).


class _ComptesMixin(serializers.Serializer):
    """A single territory's published alliances and organisations (not in lists)."""

    alliances = serializers.SerializerMethodField(help_text="Alliances publiées situées ici.")
    organisations = serializers.SerializerMethodField(
        help_text="Organisations publiées dont le siège est ici."
    )
    # Lookups from Alliance and Organisation to the place.
    location: dict[str, str] = {}

    def get_alliances(self, place) -> int:
        return Alliance.objects.published().filter(**{self.location["alliance"]: place}).count()

    def get_organisations(self, place) -> int:
        lookup = {self.location["organisation"]: place}
        return Organisation.objects.published().filter(**lookup).count()


class CommuneDetailSerializer(_ComptesMixin, CommuneSerializer):
    location = {"alliance": "commune", "organisation": "siege"}

    class Meta(CommuneSerializer.Meta):
        fields = [*CommuneSerializer.Meta.fields, "alliances", "organisations"]


@extend_schema_view(
    list=extend_schema(summary="Les communes du référentiel INSEE, avec leurs parents"),
    retrieve=extend_schema(
        summary="Une commune, par son code INSEE, avec ses alliances et organisations publiées",
        parameters=[
            OpenApiParameter(
                "code_insee", OpenApiTypes.STR, OpenApiParameter.PATH, description="Code INSEE."
            )
        ],
    ),
)
@extend_schema(tags=["territoires"])
class CommuneViewSet(PublicApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Commune.objects.all()
    filterset_class = CommuneFilter
    filter_backends = [filters.DjangoFilterBackend]
    pagination_class = Curseur
    lookup_field = "code_insee"
    lookup_value_regex = "[0-9A-Z]{5}"

    def get_serializer_class(self):
        return CommuneDetailSerializer if self.action == "retrieve" else CommuneSerializer


class EPCIDetailSerializer(_ComptesMixin, EPCISerializer):
    location = {"alliance": "commune__epci", "organisation": "siege__epci"}

    class Meta(EPCISerializer.Meta):
        fields = [*EPCISerializer.Meta.fields, "alliances", "organisations"]


@extend_schema_view(
    list=extend_schema(summary="Les EPCI (intercommunalités) du référentiel, avec leurs parents"),
    retrieve=extend_schema(
        summary="Un EPCI, par son SIREN, avec ses alliances et organisations publiées",
        parameters=[
            OpenApiParameter(
                "siren", OpenApiTypes.STR, OpenApiParameter.PATH, description="SIREN de l'EPCI."
            )
        ],
    ),
)
@extend_schema(tags=["territoires"])
class EPCIViewSet(PublicApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = EPCI.objects.all()
    filterset_class = EPCIFilter
    filter_backends = [filters.DjangoFilterBackend]
    pagination_class = Curseur
    lookup_field = "siren"
    lookup_value_regex = "[0-9]{9}"

    def get_serializer_class(self):
        return EPCIDetailSerializer if self.action == "retrieve" else EPCISerializer

    def get_serializer(self, *args, **kwargs):
        # drf-spectacular passes its own context when it builds the schema.
        context = kwargs.setdefault("context", self.get_serializer_context())
        if args:
            items = args[0] if kwargs.get("many") else [args[0]]
            context["parents"] = epci_parents([epci.siren for epci in items])
        return self.get_serializer_class()(*args, **kwargs)
