"""A built-in picture of Hessen for `seed_demo` when no register has been imported.

Real Kreise and Gemeinden with their Amtlicher Gemeindeschlüssel, taken from the
Destatis Gemeindeverzeichnis GV100AD (Gebietsstand 30.11.2025, population and area
at 31.12.2024; centre coordinates from the Destatis GV-ISys Auszug). A selection,
not the full register: all 21 Landkreise, the 5 kreisfreie Städte and about 180
Gemeinden spread over every Kreis and size class. `python manage.py import_gv100ad`
loads the complete register; `seed_demo` then uses that instead.

© Daten (im Auftrag der Herausgebergemeinschaft Statistische Ämter des Bundes und
der Länder) Statistisches Bundesamt (Destatis), 2025. Vervielfältigung und
Verbreitung, auch auszugsweise, mit Quellenangabe gestattet.

The list lives in the code on purpose: the project never reads ../shared at run time.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

POPULATION_DATE = dt.date(2024, 12, 31)

REGIERUNGSBEZIRKE = {"4": "Darmstadt", "5": "Gießen", "6": "Kassel"}


class Kreis(NamedTuple):
    ags: str
    name: str


class Gemeinde(NamedTuple):
    ags: str
    name: str
    kind: str  # contacts.Municipality.Kind value
    population: int
    area_km2: str
    postal_code: str
    latitude: str | None
    longitude: str | None


# The 21 Landkreise (the 5 kreisfreie Städte are in GEMEINDEN: one Kommune each).
LANDKREISE: tuple[Kreis, ...] = (
    Kreis("06431000", "Landkreis Bergstraße"),
    Kreis("06432000", "Landkreis Darmstadt-Dieburg"),
    Kreis("06433000", "Landkreis Groß-Gerau"),
    Kreis("06434000", "Hochtaunuskreis"),
    Kreis("06435000", "Main-Kinzig-Kreis"),
    Kreis("06436000", "Main-Taunus-Kreis"),
    Kreis("06437000", "Odenwaldkreis"),
    Kreis("06438000", "Landkreis Offenbach"),
    Kreis("06439000", "Rheingau-Taunus-Kreis"),
    Kreis("06440000", "Wetteraukreis"),
    Kreis("06531000", "Landkreis Gießen"),
    Kreis("06532000", "Lahn-Dill-Kreis"),
    Kreis("06533000", "Landkreis Limburg-Weilburg"),
    Kreis("06534000", "Landkreis Marburg-Biedenkopf"),
    Kreis("06535000", "Vogelsbergkreis"),
    Kreis("06631000", "Landkreis Fulda"),
    Kreis("06632000", "Landkreis Hersfeld-Rotenburg"),
    Kreis("06633000", "Landkreis Kassel"),
    Kreis("06634000", "Schwalm-Eder-Kreis"),
    Kreis("06635000", "Landkreis Waldeck-Frankenberg"),
    Kreis("06636000", "Werra-Meißner-Kreis"),
)

# Kreisfreie Städte, Städte and Gemeinden (current in the register).
GEMEINDEN: tuple[Gemeinde, ...] = (
    Gemeinde("06411000", "Darmstadt", "kreisfreie_stadt", 167_029, "122.07", "64283", "49.8722", "8.6538"),
    Gemeinde(
        "06412000", "Frankfurt am Main", "kreisfreie_stadt", 756_021, "248.31", "60311", "50.1109", "8.6824"
    ),
    Gemeinde(
        "06413000", "Offenbach am Main", "kreisfreie_stadt", 132_746, "44.88", "63065", "50.1056", "8.7644"
    ),
    Gemeinde("06414000", "Wiesbaden", "kreisfreie_stadt", 288_850, "203.87", "65183", "50.0817", "8.2391"),
    Gemeinde("06431001", "Abtsteinach", "gemeinde", 2_405, "11.02", "69518", "49.5441", "8.7862"),
    Gemeinde("06431002", "Bensheim", "stadt", 41_124, "57.83", "64625", "49.6800", "8.6222"),
    Gemeinde("06431003", "Biblis", "gemeinde", 9_076, "40.47", "68647", "49.6833", "8.4504"),
    Gemeinde("06431005", "Bürstadt", "stadt", 17_804, "34.46", "68642", "49.6404", "8.4527"),
    Gemeinde("06431008", "Gorxheimertal", "gemeinde", 4_178, "10.45", "69517", "49.5309", "8.7325"),
    Gemeinde("06431015", "Lindenfels", "stadt", 5_059, "21.09", "64678", "49.6830", "8.7798"),
    Gemeinde("06431018", "Neckarsteinach", "stadt", 3_828, "17.24", "69239", "49.4080", "8.8391"),
    Gemeinde("06431020", "Viernheim", "stadt", 34_426, "48.41", "68519", "49.5371", "8.5820"),
    Gemeinde("06431021", "Wald-Michelbach", "gemeinde", 10_455, "74.31", "69483", "49.5707", "8.8301"),
    Gemeinde("06431022", "Zwingenberg", "stadt", 7_283, "5.66", "64673", "49.7261", "8.6123"),
    Gemeinde("06432002", "Babenhausen", "stadt", 17_695, "66.85", "64832", "49.9629", "8.9524"),
    Gemeinde("06432006", "Erzhausen", "gemeinde", 7_794, "7.40", "64390", "49.9527", "8.6347"),
    Gemeinde("06432007", "Fischbachtal", "gemeinde", 2_707, "13.27", "64405", "49.7696", "8.8132"),
    Gemeinde("06432008", "Griesheim", "stadt", 29_309, "21.55", "64347", "49.8592", "8.5526"),
    Gemeinde("06432009", "Groß-Bieberau", "stadt", 4_562, "18.27", "64401", "49.8012", "8.8273"),
    Gemeinde("06432013", "Modautal", "gemeinde", 5_090, "31.79", "64397", "49.7351", "8.7386"),
    Gemeinde("06432016", "Ober-Ramstadt", "stadt", 15_078, "41.88", "64372", "49.8318", "8.7395"),
    Gemeinde("06432020", "Roßdorf", "gemeinde", 13_096, "20.60", "64380", "49.8577", "8.7567"),
    Gemeinde("06432023", "Weiterstadt", "stadt", 26_583, "34.40", "64331", "49.9057", "8.5885"),
    Gemeinde("06433002", "Bischofsheim", "gemeinde", 12_979, "9.03", "65474", "49.9891", "8.3550"),
    Gemeinde("06433007", "Kelsterbach", "stadt", 16_622, "15.41", "65451", "50.0632", "8.5288"),
    Gemeinde("06433008", "Mörfelden-Walldorf", "stadt", 31_638, "44.13", "64546", "49.9756", "8.5679"),
    Gemeinde("06433009", "Nauheim", "gemeinde", 10_496, "13.77", "64569", "49.9453", "8.4522"),
    Gemeinde("06433010", "Raunheim", "stadt", 15_297, "12.60", "65479", "50.0136", "8.4529"),
    Gemeinde("06433012", "Rüsselsheim am Main", "stadt", 65_627, "58.29", "65428", "49.9949", "8.4114"),
    Gemeinde("06433013", "Stockstadt am Rhein", "gemeinde", 5_945, "18.73", "64589", "49.8078", "8.4660"),
    Gemeinde("06434001", "Bad Homburg v. d. Höhe", "stadt", 56_688, "51.14", "61343", "50.2284", "8.6130"),
    Gemeinde("06434003", "Glashütten", "gemeinde", 5_311, "27.10", "61479", "50.2159", "8.4025"),
    Gemeinde("06434006", "Kronberg im Taunus", "stadt", 18_671, "18.58", "61476", "50.1797", "8.5107"),
    Gemeinde("06434008", "Oberursel (Taunus)", "stadt", 46_736, "45.34", "61440", "50.2006", "8.5823"),
    Gemeinde("06434010", "Steinbach (Taunus)", "stadt", 10_856, "4.40", "61449", "50.1677", "8.5721"),
    Gemeinde("06434011", "Usingen", "stadt", 15_683, "55.81", "61250", "50.3336", "8.5374"),
    Gemeinde("06434013", "Weilrod", "gemeinde", 6_856, "71.17", "61276", "50.3422", "8.3804"),
    Gemeinde("06435003", "Biebergemünd", "gemeinde", 8_240, "78.45", "63599", "50.2075", "9.2764"),
    Gemeinde("06435005", "Brachttal", "gemeinde", 4_844, "30.84", "63636", "50.3026", "9.2988"),
    Gemeinde("06435007", "Erlensee", "stadt", 15_907, "18.58", "63526", "50.1715", "8.9781"),
    Gemeinde("06435008", "Flörsbachtal", "gemeinde", 2_274, "52.11", "63639", "50.1277", "9.4803"),
    Gemeinde("06435009", "Freigericht", "gemeinde", 14_165, "33.47", "63579", "50.1415", "9.1128"),
    Gemeinde("06435014", "Hanau", "stadt", 97_956, "76.28", "63450", "50.1356", "8.9152"),
    Gemeinde("06435019", "Maintal", "stadt", 38_987, "32.41", "63477", "50.1394", "8.8434"),
    Gemeinde("06435020", "Neuberg", "gemeinde", 5_296, "10.55", "63543", "50.1877", "8.9964"),
    Gemeinde("06435022", "Niederdorfelden", "gemeinde", 4_215, "6.52", "61138", "50.1952", "8.8017"),
    Gemeinde("06435023", "Rodenbach", "gemeinde", 11_074, "16.74", "63517", "50.1455", "9.0212"),
    Gemeinde("06436002", "Eppstein", "stadt", 13_070, "24.19", "65817", "50.1407", "8.3970"),
    Gemeinde("06436005", "Hattersheim am Main", "stadt", 28_467, "15.80", "65795", "50.0722", "8.4859"),
    Gemeinde("06436006", "Hochheim am Main", "stadt", 18_422, "19.47", "65239", "50.0111", "8.3533"),
    Gemeinde("06436007", "Hofheim am Taunus", "stadt", 39_259, "57.43", "65719", "50.0886", "8.4461"),
    Gemeinde("06436010", "Liederbach am Taunus", "gemeinde", 8_887, "6.20", "65835", "50.1170", "8.4942"),
    Gemeinde("06436011", "Schwalbach am Taunus", "stadt", 15_443, "6.47", "65824", "50.1493", "8.5378"),
    Gemeinde("06436012", "Sulzbach (Taunus)", "gemeinde", 8_846, "7.85", "65843", "50.1336", "8.5283"),
    Gemeinde("06437003", "Brensbach", "gemeinde", 4_860, "23.18", "64395", "49.7729", "8.8785"),
    Gemeinde("06437009", "Höchst i. Odw.", "gemeinde", 9_744, "30.51", "64739", "49.7996", "8.9940"),
    Gemeinde("06437010", "Lützelbach", "gemeinde", 6_755, "35.44", "64750", "49.7863", "9.0797"),
    Gemeinde("06437011", "Michelstadt", "stadt", 15_396, "86.98", "64720", "49.6794", "9.0040"),
    Gemeinde("06437012", "Mossautal", "gemeinde", 2_415, "48.49", "64756", "49.6447", "8.9310"),
    Gemeinde("06437013", "Reichelsheim (Odenwald)", "gemeinde", 8_282, "58.21", "64385", "49.7124", "8.8399"),
    Gemeinde("06437016", "Oberzent", "stadt", 9_429, "165.61", "64760", "49.5675", "8.9735"),
    Gemeinde("06438002", "Dreieich", "stadt", 41_692, "53.27", "63303", "50.0177", "8.6955"),
    Gemeinde("06438003", "Egelsbach", "gemeinde", 10_960, "14.81", "63329", "49.9693", "8.6666"),
    Gemeinde("06438004", "Hainburg", "gemeinde", 14_465, "15.94", "63512", "50.0821", "8.9410"),
    Gemeinde("06438005", "Heusenstamm", "stadt", 19_312, "19.03", "63150", "50.0594", "8.8063"),
    Gemeinde("06438007", "Mainhausen", "gemeinde", 9_483, "17.92", "63533", "50.0137", "8.9947"),
    Gemeinde("06438011", "Rodgau", "stadt", 45_277, "65.04", "63110", "50.0244", "8.8853"),
    Gemeinde("06439003", "Eltville am Rhein", "stadt", 17_031, "46.77", "65343", "50.0249", "8.1195"),
    Gemeinde("06439008", "Idstein", "stadt", 25_736, "79.76", "65510", "50.2209", "8.2707"),
    Gemeinde("06439009", "Kiedrich", "gemeinde", 3_873, "12.34", "65399", "50.0409", "8.0851"),
    Gemeinde("06439010", "Lorch", "stadt", 3_780, "54.43", "65391", "50.0458", "7.8041"),
    Gemeinde("06439012", "Oestrich-Winkel", "stadt", 11_443, "59.51", "65375", "49.9984", "8.0073"),
    Gemeinde("06439013", "Rüdesheim am Rhein", "stadt", 9_879, "51.41", "65385", "49.9794", "7.9266"),
    Gemeinde("06439014", "Schlangenbad", "gemeinde", 5_967, "36.51", "65388", "50.0948", "8.1027"),
    Gemeinde("06439015", "Taunusstein", "stadt", 30_145, "67.02", "65232", "50.1434", "8.1592"),
    Gemeinde("06439016", "Waldems", "gemeinde", 5_288, "36.68", "65529", "50.2505", "8.3170"),
    Gemeinde("06440002", "Bad Nauheim", "stadt", 32_894, "32.54", "61231", "50.3634", "8.7350"),
    Gemeinde("06440003", "Bad Vilbel", "stadt", 35_961, "25.68", "61118", "50.1809", "8.7411"),
    Gemeinde("06440013", "Kefenrod", "gemeinde", 2_616, "30.67", "63699", "50.3450", "9.2108"),
    Gemeinde("06440016", "Nidda", "stadt", 17_060, "118.33", "63667", "50.4137", "9.0066"),
    Gemeinde("06440018", "Ober-Mörlen", "gemeinde", 5_706, "37.65", "61239", "50.3730", "8.6945"),
    Gemeinde("06440020", "Ranstadt", "gemeinde", 5_340, "34.26", "63691", "50.3580", "8.9857"),
    Gemeinde("06440021", "Reichelsheim (Wetterau)", "stadt", 6_961, "27.56", "61203", "50.3584", "8.8747"),
    Gemeinde("06440022", "Rockenberg", "gemeinde", 4_173, "16.14", "35519", "50.4299", "8.7352"),
    Gemeinde("06440024", "Wölfersheim", "gemeinde", 9_417, "43.11", "61200", "50.3985", "8.8130"),
    Gemeinde("06531001", "Allendorf (Lumda)", "stadt", 3_824, "22.05", "35469", "50.6776", "8.8228"),
    Gemeinde("06531002", "Biebertal", "gemeinde", 9_893, "43.94", "35444", "50.6191", "8.5975"),
    Gemeinde("06531004", "Fernwald", "gemeinde", 7_109, "21.57", "35463", "50.5502", "8.7785"),
    Gemeinde("06531005", "Gießen", "stadt", 89_179, "72.61", "35390", "50.5862", "8.6749"),
    Gemeinde("06531008", "Hungen", "stadt", 12_754, "86.78", "35410", "50.4756", "8.9014"),
    Gemeinde("06531009", "Langgöns", "gemeinde", 10_965, "52.53", "35428", "50.4976", "8.6601"),
    Gemeinde("06531014", "Pohlheim", "stadt", 17_677, "38.00", "35415", "50.5344", "8.7162"),
    Gemeinde("06531015", "Rabenau", "gemeinde", 4_881, "43.40", "35466", "50.6746", "8.8618"),
    Gemeinde("06532003", "Braunfels", "stadt", 11_045, "47.28", "35619", "50.5147", "8.3896"),
    Gemeinde("06532006", "Dillenburg", "stadt", 22_974, "83.76", "35683", "50.7394", "8.2873"),
    Gemeinde("06532007", "Driedorf", "gemeinde", 5_056, "47.56", "35759", "50.6347", "8.1853"),
    Gemeinde("06532008", "Ehringshausen", "gemeinde", 9_399, "45.43", "35630", "50.5964", "8.3816"),
    Gemeinde("06532011", "Haiger", "stadt", 18_888, "106.73", "35708", "50.7431", "8.2051"),
    Gemeinde("06532013", "Hohenahr", "gemeinde", 4_874, "45.71", "35644", "50.6750", "8.5258"),
    Gemeinde("06532017", "Mittenaar", "gemeinde", 4_604, "35.14", "35756", "50.6922", "8.3794"),
    Gemeinde("06532019", "Siegbach", "gemeinde", 2_488, "29.03", "35768", "50.7347", "8.4174"),
    Gemeinde("06532020", "Sinn", "gemeinde", 6_485, "18.73", "35764", "50.6529", "8.3312"),
    Gemeinde("06532023", "Wetzlar", "stadt", 54_665, "75.65", "35578", "50.5544", "8.5011"),
    Gemeinde("06533002", "Brechen", "gemeinde", 6_321, "24.86", "65611", "50.3655", "8.1640"),
    Gemeinde("06533003", "Bad Camberg", "stadt", 14_268, "54.60", "65520", "50.2981", "8.2659"),
    Gemeinde("06533004", "Dornburg", "gemeinde", 8_506, "33.23", "65599", "50.5039", "8.0242"),
    Gemeinde("06533005", "Elbtal", "gemeinde", 2_396, "11.11", "65627", "50.5048", "8.0649"),
    Gemeinde("06533008", "Hünfelden", "gemeinde", 9_818, "62.69", "65597", "50.3093", "8.1613"),
    Gemeinde("06533009", "Limburg a. d. Lahn", "stadt", 35_938, "45.16", "65549", "50.3873", "8.0641"),
    Gemeinde("06533010", "Löhnberg", "gemeinde", 4_643, "33.84", "35792", "50.5113", "8.2701"),
    Gemeinde("06533011", "Mengerskirchen", "gemeinde", 5_612, "30.82", "35794", "50.5646", "8.1544"),
    Gemeinde("06534001", "Amöneburg", "stadt", 4_972, "43.90", "35287", "50.7970", "8.9247"),
    Gemeinde("06534007", "Dautphetal", "gemeinde", 11_466, "72.02", "35232", "50.8582", "8.5424"),
    Gemeinde("06534011", "Kirchhain", "stadt", 16_254, "90.95", "35274", "50.8207", "8.9210"),
    Gemeinde("06534012", "Lahntal", "gemeinde", 6_953, "40.50", "35094", "50.8627", "8.7052"),
    Gemeinde("06534013", "Lohra", "gemeinde", 5_823, "49.16", "35102", "50.7359", "8.6306"),
    Gemeinde("06534014", "Marburg", "stadt", 73_544, "123.91", "35037", "50.8090", "8.7691"),
    Gemeinde("06534018", "Stadtallendorf", "stadt", 21_425, "78.24", "35260", "50.8281", "9.0168"),
    Gemeinde("06534019", "Steffenberg", "gemeinde", 3_830, "24.30", "35239", "50.8383", "8.4747"),
    Gemeinde("06534021", "Wetter (Hessen)", "stadt", 8_867, "104.53", "35083", "50.9033", "8.7240"),
    Gemeinde("06534022", "Wohratal", "gemeinde", 2_142, "30.67", "35288", "50.9335", "8.9469"),
    Gemeinde("06535001", "Alsfeld", "stadt", 15_307, "129.71", "36304", "50.7510", "9.2714"),
    Gemeinde("06535002", "Antrifttal", "gemeinde", 1_754, "26.59", "36326", "50.7959", "9.1846"),
    Gemeinde("06535008", "Herbstein", "stadt", 4_583, "79.98", "36358", "50.5624", "9.3487"),
    Gemeinde("06535009", "Homberg (Ohm)", "stadt", 6_973, "88.04", "35315", "50.7284", "8.9974"),
    Gemeinde("06535011", "Lauterbach (Hessen)", "stadt", 13_047, "101.98", "36341", "50.6357", "9.3980"),
    Gemeinde("06535013", "Mücke", "gemeinde", 9_267, "86.23", "35325", "50.6247", "9.0264"),
    Gemeinde("06535016", "Schotten", "stadt", 9_641, "133.56", "63679", "50.5023", "9.1243"),
    Gemeinde("06535018", "Ulrichstein", "stadt", 2_728, "65.61", "35327", "50.5766", "9.1923"),
    Gemeinde("06611000", "Kassel", "kreisfreie_stadt", 197_230, "106.79", "34117", "51.3147", "9.4952"),
    Gemeinde("06631003", "Dipperz", "gemeinde", 3_643, "30.04", "36160", "50.5433", "9.7970"),
    Gemeinde("06631006", "Eichenzell", "gemeinde", 11_852, "55.99", "36124", "50.4935", "9.6974"),
    Gemeinde("06631008", "Flieden", "gemeinde", 8_620, "49.65", "36103", "50.4240", "9.5665"),
    Gemeinde("06631009", "Fulda", "stadt", 65_434, "104.05", "36037", "50.5532", "9.6751"),
    Gemeinde("06631010", "Gersfeld (Rhön)", "stadt", 5_352, "89.34", "36129", "50.4504", "9.9206"),
    Gemeinde("06631012", "Hilders", "gemeinde", 4_733, "70.37", "36115", "50.5722", "10.0022"),
    Gemeinde("06631015", "Hünfeld", "stadt", 16_955, "119.75", "36088", "50.6729", "9.7690"),
    Gemeinde("06631016", "Kalbach", "gemeinde", 6_477, "70.63", "36148", "50.4238", "9.6409"),
    Gemeinde("06631022", "Rasdorf", "gemeinde", 1_569, "30.08", "36169", "50.7195", "9.8977"),
    Gemeinde("06632001", "Alheim", "gemeinde", 4_819, "63.84", "36211", "51.0248", "9.6686"),
    Gemeinde("06632002", "Bad Hersfeld", "stadt", 30_846, "73.87", "36251", "50.8678", "9.7060"),
    Gemeinde("06632003", "Bebra", "stadt", 12_945, "93.71", "36179", "50.9700", "9.7942"),
    Gemeinde("06632005", "Cornberg", "gemeinde", 1_272, "23.36", "36219", "51.0427", "9.8629"),
    Gemeinde("06632009", "Heringen (Werra)", "stadt", 6_669, "61.20", "36266", "50.8882", "10.0076"),
    Gemeinde("06632010", "Hohenroda", "gemeinde", 3_033, "35.77", "36284", "50.7829", "9.9141"),
    Gemeinde("06632012", "Ludwigsau", "gemeinde", 5_375, "112.05", "36251", "50.9018", "9.7450"),
    Gemeinde("06632015", "Niederaula", "gemeinde", 5_225, "64.16", "36272", "50.8006", "9.6052"),
    Gemeinde("06632018", "Rotenburg a. d. Fulda", "stadt", 12_937, "79.97", "36199", "50.9964", "9.7247"),
    Gemeinde("06633003", "Baunatal", "stadt", 27_929, "38.27", "34225", "51.2542", "9.4157"),
    Gemeinde("06633006", "Bad Emstal", "gemeinde", 5_566, "38.68", "34308", "51.2439", "9.2606"),
    Gemeinde("06633007", "Espenau", "gemeinde", 5_069, "13.60", "34314", "51.3999", "9.4726"),
    Gemeinde("06633008", "Fuldabrück", "gemeinde", 8_474, "17.86", "34277", "51.2280", "9.4954"),
    Gemeinde("06633009", "Fuldatal", "gemeinde", 12_752, "33.67", "34233", "51.3501", "9.5263"),
    Gemeinde("06633018", "Naumburg", "stadt", 4_935, "66.32", "34311", "51.2473", "9.1649"),
    Gemeinde("06633019", "Nieste", "gemeinde", 1_986, "4.06", "34329", "51.3133", "9.6713"),
    Gemeinde("06633022", "Reinhardshagen", "gemeinde", 4_291, "12.99", "34359", "51.4937", "9.6027"),
    Gemeinde("06633026", "Vellmar", "stadt", 17_663, "13.97", "34246", "51.3554", "9.4783"),
    Gemeinde("06633030", "Wesertal", "gemeinde", 4_713, "52.65", "34399", "51.5988", "9.5499"),
    Gemeinde("06634007", "Gudensberg", "stadt", 9_925, "46.49", "34281", "51.1784", "9.3660"),
    Gemeinde("06634008", "Guxhagen", "gemeinde", 5_347, "26.19", "34302", "51.2030", "9.4808"),
    Gemeinde("06634014", "Melsungen", "stadt", 13_994, "63.09", "34212", "51.1311", "9.5437"),
    Gemeinde("06634015", "Morschen", "gemeinde", 3_109, "47.92", "34326", "51.0676", "9.6175"),
    Gemeinde("06634017", "Neukirchen", "stadt", 6_782, "66.25", "34626", "50.8711", "9.3428"),
    Gemeinde("06634022", "Schwalmstadt", "stadt", 18_420, "84.79", "34613", "50.9120", "9.1884"),
    Gemeinde("06634023", "Schwarzenborn", "stadt", 1_086, "26.90", "34639", "50.9099", "9.4458"),
    Gemeinde("06634026", "Willingshausen", "gemeinde", 4_567, "59.97", "34628", "50.8513", "9.1981"),
    Gemeinde("06635002", "Bad Arolsen", "stadt", 16_050, "126.47", "34454", "51.3800", "9.0171"),
    Gemeinde("06635006", "Burgwald", "gemeinde", 4_932, "41.30", "35099", "51.0273", "8.8113"),
    Gemeinde("06635008", "Diemelstadt", "stadt", 5_186, "82.55", "34474", "51.4733", "9.0110"),
    Gemeinde("06635011", "Frankenberg (Eder)", "stadt", 17_635, "124.86", "35066", "51.0587", "8.7992"),
    Gemeinde("06635012", "Gemünden (Wohra)", "stadt", 3_606, "58.65", "35285", "50.9712", "8.9699"),
    Gemeinde("06635015", "Korbach", "stadt", 22_901, "124.11", "34497", "51.2719", "8.8732"),
    Gemeinde("06635017", "Rosenthal", "stadt", 2_051, "51.55", "35119", "50.9746", "8.8680"),
    Gemeinde("06635019", "Vöhl", "gemeinde", 5_460, "98.85", "34516", "51.2053", "8.9443"),
    Gemeinde("06635020", "Volkmarsen", "stadt", 6_535, "67.47", "34471", "51.4126", "9.1146"),
    Gemeinde("06636003", "Eschwege", "stadt", 18_743, "63.26", "37269", "51.1858", "10.0580"),
    Gemeinde("06636004", "Großalmerode", "stadt", 6_090, "37.59", "37247", "51.2577", "9.7845"),
    Gemeinde("06636006", "Hessisch Lichtenau", "stadt", 12_337, "105.72", "37235", "51.1981", "9.7214"),
    Gemeinde("06636008", "Meißner", "gemeinde", 2_915, "44.81", "37290", "51.2114", "9.9373"),
    Gemeinde("06636011", "Sontra", "stadt", 7_466, "111.28", "36205", "51.0690", "9.9332"),
    Gemeinde("06636014", "Wehretal", "gemeinde", 4_883, "39.20", "37287", "51.1512", "9.9969"),
    Gemeinde("06636015", "Weißenborn", "gemeinde", 963, "15.56", "37299", "51.1234", "10.1132"),
    Gemeinde("06636016", "Witzenhausen", "stadt", 15_132, "126.78", "37213", "51.3414", "9.8589"),
)


class Merger(NamedTuple):
    """A Zusammenschluss: the old Gemeinden end the day before `on`."""

    new_ags: str
    on: dt.date
    old: tuple[Gemeinde, ...]


# Oberweser and Wahlsburg became Wesertal on 1 January 2020 (GV100AD 2018 → 2021);
# their figures are those of the 2018 edition (population at 31.12.2017).
MERGERS: tuple[Merger, ...] = (
    Merger(
        new_ags="06633030",
        on=dt.date(2020, 1, 1),
        old=(
            Gemeinde("06633021", "Oberweser", "gemeinde", 3_274, "41.17", "34399", None, None),
            Gemeinde("06633027", "Wahlsburg", "gemeinde", 2_051, "11.47", "37194", None, None),
        ),
    ),
)
PREDECESSOR_POPULATION_DATE = dt.date(2017, 12, 31)


# --- Organisations ------------------------------------------------------------------


class Org(NamedTuple):
    key: str
    name: str
    short_name: str
    kind: str  # contacts.Organisation.Kind value
    address: str
    website: str


ORGANISATIONS: tuple[Org, ...] = (
    Org(
        "kikz",
        "Kompetenzzentrum für Interkommunale Zusammenarbeit (KIKZ)",
        "KIKZ",
        "sonstige",
        "",
        "",
    ),
    Org(
        "hsgb",
        "Hessischer Städte- und Gemeindebund",
        "HSGB",
        "spitzenverband",
        "Henri-Dunant-Straße 13\n63165 Mühlheim am Main",
        "https://www.hsgb.de",
    ),
    Org(
        "hst",
        "Hessischer Städtetag",
        "HStT",
        "spitzenverband",
        "Frankfurter Straße 2\n65189 Wiesbaden",
        "https://www.hess-staedtetag.de",
    ),
    Org(
        "hlt",
        "Hessischer Landkreistag",
        "HLT",
        "spitzenverband",
        "Frankfurter Straße 2\n65189 Wiesbaden",
        "https://www.hlt.de",
    ),
    Org(
        "hmdi",
        "Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz",
        "HMdI",
        "ministerium",
        "Friedrich-Ebert-Allee 12\n65185 Wiesbaden",
        "https://innen.hessen.de",
    ),
    Org(
        "hmdf",
        "Hessisches Ministerium der Finanzen",
        "HMdF",
        "ministerium",
        "Friedrich-Ebert-Allee 8\n65185 Wiesbaden",
        "https://finanzen.hessen.de",
    ),
    Org(
        "hmwvw",
        "Hessisches Ministerium für Wirtschaft, Energie, Verkehr, Wohnen und ländlichen Raum",
        "HMWVW",
        "ministerium",
        "Kaiser-Friedrich-Ring 75\n65185 Wiesbaden",
        "https://wirtschaft.hessen.de",
    ),
    Org(
        "rpda",
        "Regierungspräsidium Darmstadt",
        "RP Darmstadt",
        "regierungspraesidium",
        "Luisenplatz 2\n64283 Darmstadt",
        "https://rp-darmstadt.hessen.de",
    ),
    Org(
        "rpgi",
        "Regierungspräsidium Gießen",
        "RP Gießen",
        "regierungspraesidium",
        "Landgraf-Philipp-Platz 1–7\n35390 Gießen",
        "https://rp-giessen.hessen.de",
    ),
    Org(
        "rpks",
        "Regierungspräsidium Kassel",
        "RP Kassel",
        "regierungspraesidium",
        "Am Alten Stadtschloss 1\n34117 Kassel",
        "https://rp-kassel.hessen.de",
    ),
    Org(
        "lbwv",
        "Landesbeauftragter für Wirtschaftlichkeit in der Verwaltung",
        "Haushaltsberatung",
        "sonstige",
        "",
        "",
    ),
    Org(
        "wibank",
        "Wirtschafts- und Infrastrukturbank Hessen (WIBank)",
        "WIBank",
        "sonstige",
        "Gustav-Stresemann-Ring 9\n65189 Wiesbaden",
        "https://www.wibank.de",
    ),
    # Examples of bodies that cooperations set up (invented names, like every person here).
    Org("zv1", "Zweckverband Interkommunaler Bauhof Oberes Fuldatal", "ZV Bauhof", "zweckverband", "", ""),
    Org("zv2", "Abwasserverband Mittlere Lahn", "AV Mittlere Lahn", "zweckverband", "", ""),
    Org("zv3", "Zweckverband Gemeinsames Standesamt Vogelsberg-Süd", "ZV Standesamt", "zweckverband", "", ""),
    Org("verein1", "Tourismusverein Rhön-Vogelsberg e. V.", "", "verein", "", ""),
)

# Regierungsbezirk name -> key of its Regierungspräsidium above.
RP_BY_BEZIRK = {"Darmstadt": "rpda", "Gießen": "rpgi", "Kassel": "rpks"}


# --- People (invented) ---------------------------------------------------------------

FIRST_NAMES = (
    "Andrea", "Bernd", "Claudia", "Daniel", "Eva", "Frank", "Gabriele", "Holger", "Ines", "Jens",
    "Katrin", "Lars", "Monika", "Norbert", "Petra", "Ralf", "Sabine", "Thomas", "Ute", "Volker",
    "Waltraud", "Yvonne", "Markus", "Nadine", "Stefan", "Tanja", "Jörg", "Birgit", "Michael", "Heike",
)  # fmt: skip
LAST_NAMES = (
    "Becker", "Schneider", "Fischer", "Weber", "Wagner", "Hofmann", "Schäfer", "Koch", "Richter",
    "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Hartmann", "Krüger",
    "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Schmid", "Köhler", "Herrmann",
    "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller",
)  # fmt: skip
FEMALE_FIRST_NAMES = frozenset(
    {
        "Andrea", "Claudia", "Eva", "Gabriele", "Ines", "Katrin", "Monika", "Petra",
        "Sabine", "Ute", "Waltraud", "Yvonne", "Nadine", "Tanja", "Birgit", "Heike",
    }
)  # fmt: skip
MUNICIPAL_FUNCTIONS = (
    "Bürgermeisterin",
    "Bürgermeister",
    "Leitung Hauptamt",
    "Leitung Finanzverwaltung",
    "Kämmerin",
    "Kämmerer",
    "Fachbereich Bauen und Umwelt",
    "Wirtschaftsförderung",
)
# The female and the male form of the titles that have both.
GENDERED_FUNCTIONS = (("Bürgermeisterin", "Bürgermeister"), ("Kämmerin", "Kämmerer"))


def function_for(first_name: str, function: str) -> str:
    """The title in the form that fits the person („Stefan Braun – Kämmerer“, never
    „Kämmerin“). Picked first and adjusted after, so the random sequence of the demo
    stays what it was."""
    female = first_name in FEMALE_FIRST_NAMES
    for her, his in GENDERED_FUNCTIONS:
        if function in (her, his):
            return her if female else his
    return function


# --- Funding programmes (Förderdatenbank facets) --------------------------------------


class Prog(NamedTuple):
    name: str
    short_name: str
    level: str  # funding.FunderLevel value
    funder: str
    region: str  # "" = bundesweit, "06" = Hessen
    eligible: tuple[str, ...]  # funding.Eligibility slugs
    areas: tuple[str, ...]  # funding.FundingArea slugs
    aid_kind: str  # funding.AidKind value
    rate_pct: str | None
    ceiling: str | None
    url: str
    summary: str
    is_ikz: bool = False
    is_active: bool = True


IKZ_PROGRAMME = "Förderung der Interkommunalen Zusammenarbeit in Hessen"

PROGRAMMES: tuple[Prog, ...] = (
    Prog(IKZ_PROGRAMME, "IKZ-Förderung", "land", "Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz", "06",
         ("kommune", "landkreis"), ("interkommunale-zusammenarbeit",), "zuschuss", None, "100000.00",
         "https://innen.hessen.de",
         "Regelzuwendung für Kooperationen von mindestens drei Kommunen (Gruppenantrag), die dauerhaft "
         "mindestens 15 % der Personal- und Sachkosten einsparen; Antrag über Landkreis und Regierungspräsidium.",
         is_ikz=True),
    Prog("Starke Heimat Hessen", "Starke Heimat", "land", "Hessisches Ministerium der Finanzen", "06",
         ("kommune", "landkreis"), ("infrastruktur", "digitalisierung", "soziales-familie"), "zuschuss", None, None,
         "https://finanzen.hessen.de",
         "Zweckgebundene Mittel für Kommunen aus dem Heimatumlage-Aufkommen, u. a. für Kinderbetreuung, "
         "Digitalisierung und ÖPNV."),
    Prog("Dorfentwicklung in Hessen", "Dorfentwicklung", "land", "Hessisches Ministerium für Wirtschaft, Energie, Verkehr, Wohnen und ländlichen Raum", "06",
         ("kommune", "privatperson", "verband-verein"), ("laendliche-entwicklung", "staedtebau"), "zuschuss", "65.00", None,
         "https://wirtschaft.hessen.de",
         "Förderung lebendiger Ortskerne im ländlichen Raum: kommunale Vorhaben, private Sanierungen und "
         "Begleitung durch ein integriertes kommunales Entwicklungskonzept."),
    Prog("LEADER in Hessen (ELER)", "LEADER", "eu", "Europäischer Landwirtschaftsfonds (ELER) und Land Hessen", "06",
         ("kommune", "verband-verein", "unternehmen", "existenzgruender"), ("laendliche-entwicklung", "kultur-tourismus", "wirtschaft"),
         "zuschuss", "60.00", "200000.00", "https://wirtschaft.hessen.de",
         "Projekte der Lokalen Aktionsgruppen (LAG) in den hessischen LEADER-Regionen nach ihrer "
         "Regionalen Entwicklungsstrategie."),
    Prog("EFRE Hessen 2021–2027", "EFRE", "eu", "Europäischer Fonds für regionale Entwicklung, Land Hessen", "06",
         ("kommune", "unternehmen", "oeffentliche-einrichtung", "bildungseinrichtung"), ("wirtschaft", "energie-klima", "digitalisierung"),
         "zuschuss", "40.00", None, "https://www.efre.hessen.de",
         "Innovation, Digitalisierung, Klimaschutz und nachhaltige Stadtentwicklung in Hessen."),
    Prog("ESF Plus Hessen", "ESF Plus", "eu", "Europäischer Sozialfonds Plus, Land Hessen", "06",
         ("kommune", "verband-verein", "bildungseinrichtung", "unternehmen"), ("soziales-familie",),
         "zuschuss", None, None, "https://www.esf-hessen.de",
         "Beschäftigung, Bildung und soziale Teilhabe."),
    Prog("Hessische Klimarichtlinie", "Klimarichtlinie", "land", "Hessisches Ministerium für Landwirtschaft und Umwelt, Weinbau, Forsten, Jagd und Heimat", "06",
         ("kommune", "landkreis", "verband-verein"), ("energie-klima",), "zuschuss", "70.00", None,
         "https://www.wibank.de",
         "Kommunale Klimaschutz- und Klimaanpassungsprojekte, z. B. Klimaschutzkonzepte, "
         "energieeffiziente Straßenbeleuchtung, Begrünung."),
    Prog("Brandschutzförderung Hessen", "Brandschutzförderung", "land", "Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz", "06",
         ("kommune", "landkreis"), ("feuerwehr-katastrophenschutz",), "zuschuss", None, None,
         "https://innen.hessen.de",
         "Zuwendungen für Feuerwehrhäuser und Fahrzeuge, mit Zuschlägen für interkommunale Lösungen."),
    Prog("Gigabitförderung Hessen (Kofinanzierung)", "Gigabit Hessen", "land", "Hessisches Ministerium für Digitalisierung und Innovation", "06",
         ("kommune", "landkreis"), ("digitalisierung", "infrastruktur"), "zuschuss", None, None,
         "https://digitales.hessen.de",
         "Landesanteil zum Gigabitförderprogramm des Bundes für den Glasfaserausbau in unterversorgten Gebieten."),
    Prog("Starkes Dorf – Wir machen mit!", "Starkes Dorf", "land", "Hessische Staatskanzlei", "06",
         ("verband-verein",), ("sport-vereine", "laendliche-entwicklung"), "zuschuss", None, "1000.00",
         "https://www.deinehrenamt.de",
         "Kleine Zuschüsse für Vereine in Orten bis 10.000 Einwohnern, die das Dorfleben stärken."),
    Prog("Sportstättenförderung Hessen", "Sportstätten", "land", "Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz", "06",
         ("kommune", "verband-verein"), ("sport-vereine", "infrastruktur"), "zuschuss", None, None,
         "https://innen.hessen.de",
         "Bau und Sanierung kommunaler und vereinseigener Sportstätten."),
    Prog("Hessen-Mikrodarlehen", "Mikrodarlehen", "land", "WIBank", "06",
         ("existenzgruender", "unternehmen"), ("wirtschaft",), "darlehen", None, "35000.00",
         "https://www.wibank.de",
         "Kleine Darlehen für Gründerinnen, Gründer und junge Unternehmen ohne bankübliche Sicherheiten."),
    Prog("Bürgschaften der Bürgschaftsbank Hessen", "BB Hessen", "land", "Bürgschaftsbank Hessen", "06",
         ("unternehmen", "existenzgruender"), ("wirtschaft",), "buergschaft", "80.00", None,
         "https://www.bb-h.de",
         "Ausfallbürgschaften für Kredite kleiner und mittlerer Unternehmen."),
    Prog("Hessen Ideen Stipendium", "Ideen-Stipendium", "land", "Hessisches Ministerium für Wissenschaft und Forschung, Kunst und Kultur", "06",
         ("existenzgruender",), ("wirtschaft",), "zuschuss", None, None,
         "https://www.hessen-ideen.de",
         "Stipendium für Gründungsteams aus hessischen Hochschulen."),
    Prog("Kommunalrichtlinie (Nationale Klimaschutzinitiative)", "Kommunalrichtlinie", "bund", "Bundesministerium für Umwelt, Klimaschutz, Naturschutz und nukleare Sicherheit", "",
         ("kommune", "landkreis", "verband-verein", "bildungseinrichtung"), ("energie-klima",), "zuschuss", "60.00", None,
         "https://www.klimaschutz.de",
         "Klimaschutzmanagement, Klimaschutzkonzepte und investive Klimaschutzmaßnahmen in Kommunen."),
    Prog("IKK – Investitionskredit Kommunen (KfW 208)", "KfW 208", "bund", "KfW Bankengruppe", "",
         ("kommune", "landkreis"), ("infrastruktur",), "darlehen", None, None, "https://www.kfw.de",
         "Zinsgünstige Kredite für Investitionen in die kommunale und soziale Infrastruktur."),
    Prog("Energetische Stadtsanierung (KfW 432)", "KfW 432", "bund", "KfW Bankengruppe", "",
         ("kommune",), ("energie-klima", "staedtebau"), "zuschuss", "75.00", None, "https://www.kfw.de",
         "Integrierte Quartierskonzepte und Sanierungsmanagement für energieeffiziente Quartiere."),
    Prog("Bundesförderung für effiziente Gebäude – Nichtwohngebäude", "BEG NWG", "bund", "Bundesamt für Wirtschaft und Ausfuhrkontrolle", "",
         ("kommune", "unternehmen", "verband-verein"), ("energie-klima",), "zuschuss", "20.00", None,
         "https://www.bafa.de",
         "Sanierung und Neubau energieeffizienter Nichtwohngebäude."),
    Prog("Städtebauförderung: Lebendige Zentren", "Lebendige Zentren", "bund", "Bund und Land Hessen", "06",
         ("kommune",), ("staedtebau",), "zuschuss", "66.67", None, "https://www.staedtebaufoerderung.info",
         "Erhalt und Entwicklung von Stadt- und Ortskernen."),
    Prog("Städtebauförderung: Sozialer Zusammenhalt", "Sozialer Zusammenhalt", "bund", "Bund und Land Hessen", "06",
         ("kommune",), ("staedtebau", "soziales-familie"), "zuschuss", "66.67", None,
         "https://www.staedtebaufoerderung.info",
         "Aufwertung benachteiligter Stadt- und Ortsteile."),
    Prog("Gigabitförderung des Bundes", "Gigabit Bund", "bund", "Bundesministerium für Digitales und Staatsmodernisierung", "",
         ("kommune", "landkreis"), ("digitalisierung", "infrastruktur"), "zuschuss", "50.00", None,
         "https://gigabitfoerderung.de",
         "Glasfaserausbau dort, wo der Markt ihn nicht leistet."),
    Prog("Bundesprogramm Ländliche Entwicklung und Regionale Wertschöpfung (BULEplus)", "BULEplus", "bund", "Bundesministerium für Landwirtschaft, Ernährung und Heimat", "",
         ("kommune", "verband-verein", "unternehmen"), ("laendliche-entwicklung",), "zuschuss", None, None,
         "https://www.bule.de",
         "Modellvorhaben und Wettbewerbe für zukunftsfähige ländliche Räume."),
    Prog("ERP-Gründerkredit – StartGeld (KfW 067)", "StartGeld", "bund", "KfW Bankengruppe", "",
         ("existenzgruender", "unternehmen"), ("wirtschaft",), "darlehen", None, "125000.00",
         "https://www.kfw.de",
         "Kredit für Gründungen und junge Unternehmen bis 125.000 €."),
    Prog("EXIST-Gründungsstipendium", "EXIST", "bund", "Bundesministerium für Wirtschaft und Energie", "",
         ("existenzgruender",), ("wirtschaft",), "zuschuss", None, None, "https://www.exist.de",
         "Stipendium für innovative Gründungsvorhaben aus Hochschulen."),
    Prog("Förderprogramme der Deutschen Stiftung für Engagement und Ehrenamt", "DSEE", "bund", "Deutsche Stiftung für Engagement und Ehrenamt", "",
         ("verband-verein",), ("sport-vereine", "soziales-familie"), "zuschuss", None, None,
         "https://www.deutsche-stiftung-engagement-und-ehrenamt.de",
         "Unterstützung von Vereinen und Ehrenamt, besonders in strukturschwachen und ländlichen Räumen."),
    Prog("Modellprojekte Smart Cities", "Smart Cities", "bund", "Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen", "",
         ("kommune", "landkreis"), ("digitalisierung", "staedtebau"), "zuschuss", "65.00", None,
         "https://www.smart-city-dialog.de",
         "Strategien und Projekte der digitalen Stadt- und Regionalentwicklung.",
         is_active=False),
    Prog("Interreg Europe", "Interreg Europe", "eu", "Europäische Union", "",
         ("kommune", "landkreis", "oeffentliche-einrichtung"), ("interkommunale-zusammenarbeit", "wirtschaft"), "zuschuss", "80.00", None,
         "https://www.interregeurope.eu",
         "Europäischer Erfahrungsaustausch von Regionen und Kommunen zu regionaler Entwicklungspolitik."),
    Prog("LIFE-Programm für Umwelt- und Klimaschutz", "LIFE", "eu", "Europäische Kommission (CINEA)", "",
         ("kommune", "verband-verein", "unternehmen", "oeffentliche-einrichtung"), ("umwelt-naturschutz", "energie-klima"),
         "zuschuss", "60.00", None, "https://cinea.ec.europa.eu",
         "Natur-, Umwelt- und Klimaschutzprojekte mit europäischem Mehrwert."),
    Prog("Erasmus+ Jugend und Sport", "Erasmus+", "eu", "Europäische Kommission", "",
         ("verband-verein", "bildungseinrichtung", "kommune"), ("soziales-familie", "sport-vereine"), "zuschuss", None, None,
         "https://www.erasmusplus.de",
         "Europäische Jugendbegegnungen, Austausch und Kooperationen im Sport."),
    Prog("Digitales Europa (DIGITAL)", "DIGITAL", "eu", "Europäische Kommission", "",
         ("unternehmen", "oeffentliche-einrichtung", "kommune"), ("digitalisierung",), "zuschuss", "50.00", None,
         "https://digital-strategy.ec.europa.eu",
         "Digitale Kapazitäten: Daten, KI, Cybersicherheit und digitale Kompetenzen."),
    Prog("Hessisches Programm Kommunale Digitalisierung", "Digitale Kommune", "land", "Hessisches Ministerium für Digitalisierung und Innovation", "06",
         ("kommune", "landkreis"), ("digitalisierung", "interkommunale-zusammenarbeit"), "zuschuss", "90.00", "150000.00",
         "https://digitales.hessen.de",
         "Digitalisierung kommunaler Verwaltungsleistungen, besonders in interkommunaler Zusammenarbeit.",
         is_active=False),
)  # fmt: skip


# --- Text pools for cooperations ---------------------------------------------------

# Handlungsfeld slug -> (title templates, legal forms with weights).
# {lead} is the lead municipality, {area} the Kreis or a region name.
COOPERATION_TOPICS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, int], ...]]] = {
    "ver-und-entsorgung": (
        ("Gemeinsame Abwasserbeseitigung {area}", "Wasserversorgungsverbund {lead} und Nachbarn",
         "Gemeinsame Betriebsführung Kläranlagen {area}", "Interkommunale Abfallberatung {area}"),
        (("zweckverband", 5), ("oer_vereinbarung", 4), ("aoer", 2)),
    ),
    "technische-infrastruktur": (
        ("Gemeinsame Straßenunterhaltung {area}", "Interkommunale Gebäudeunterhaltung {lead}",
         "Gemeinsamer Winterdienst {area}", "Friedhofsverwaltung im Verbund {area}"),
        (("oer_vereinbarung", 5), ("zweckverband", 2), ("informell", 1)),
    ),
    "allgemeine-verwaltung": (
        ("Gemeinsames Standesamt {area}", "Gemeinsame Kasse und Vollstreckung {area}",
         "Interkommunaler Datenschutzbeauftragter {area}", "Gemeinsame Personalverwaltung {lead} und Partner",
         "Gemeinsames Ordnungsamt {area}", "Zentrale Vergabestelle {area}", "Gemeinsame Steuerverwaltung {area}"),
        (("oer_vereinbarung", 8), ("shared_service", 3), ("gvv", 1), ("zweckverband", 1)),
    ),
    "bildung-soziales": (
        ("Gemeinsame Jugendpflege {area}", "Seniorenberatung im Verbund {area}",
         "Interkommunale Kinderbetreuungsplanung {lead}", "Gemeinsame Schulkindbetreuung {area}"),
        (("oer_vereinbarung", 5), ("informell", 2), ("zweckverband", 1)),
    ),
    "raumentwicklung": (
        ("Interkommunales Gewerbegebiet {area}", "Gemeinsames Flächenmanagement {area}",
         "Interkommunale Wohnbaulandentwicklung {lead}", "Leerstandsmanagement {area}"),
        (("zweckverband", 4), ("oer_vereinbarung", 3), ("gmbh", 1)),
    ),
    "umwelt-klima-energie": (
        ("Gemeinsames Klimaschutzmanagement {area}", "Interkommunale Energieberatung {area}",
         "Gemeinsame Straßenbeleuchtung LED {area}", "Energiegenossenschaft {lead} und Nachbarn"),
        (("oer_vereinbarung", 4), ("informell", 2), ("gmbh", 1)),
    ),
    "standortmarketing": (
        ("Gemeinsames Standortmarketing {area}", "Regionalmarke {area}", "Wirtschaftsförderung im Verbund {area}"),
        (("informell", 3), ("gmbh", 2), ("oer_vereinbarung", 2)),
    ),
    "it-egovernment": (
        ("Gemeinsamer Informationssicherheitsbeauftragter {area}", "Interkommunales Rechenzentrum {area}",
         "Gemeinsame Einführung der E-Akte {area}", "Online-Dienste im Verbund {area}"),
        (("oer_vereinbarung", 5), ("aoer", 2), ("shared_service", 2)),
    ),
    "bauhof": (
        ("Gemeinsamer Bauhof {lead} und Partner", "Bauhofkooperation {area}",
         "Gemeinsamer Maschinenpark der Bauhöfe {area}"),
        (("oer_vereinbarung", 6), ("zweckverband", 2)),
    ),
    "feuerwehr": (
        ("Gemeinsame Atemschutzwerkstatt {area}", "Zusammenlegung der Feuerwehren {lead} und Nachbarorte",
         "Gemeinsame Gerätewartung der Feuerwehren {area}", "Interkommunaler Brandschutzbedarfsplan {area}"),
        (("oer_vereinbarung", 6), ("zweckverband", 1)),
    ),
    "tourismus": (
        ("Tourismusregion {area}", "Gemeinsame Tourist-Information {lead}", "Radwegenetz {area}"),
        (("gmbh", 2), ("informell", 3), ("zweckverband", 1)),
    ),
    "sonstiges": (
        ("Gemeinsame Archivpflege {area}", "Interkommunale Musikschule {area}", "Gemeinsamer Veranstaltungsservice {area}"),
        (("oer_vereinbarung", 3), ("informell", 2)),
    ),
}  # fmt: skip

# How often each Handlungsfeld is the main field of a case.
FIELD_WEIGHTS: dict[str, int] = {
    "allgemeine-verwaltung": 22,
    "ver-und-entsorgung": 12,
    "bauhof": 12,
    "it-egovernment": 10,
    "feuerwehr": 8,
    "bildung-soziales": 7,
    "umwelt-klima-energie": 7,
    "technische-infrastruktur": 6,
    "raumentwicklung": 5,
    "standortmarketing": 4,
    "tourismus": 4,
    "sonstiges": 3,
}

DESCRIPTION_OPENERS = (
    "Die beteiligten Kommunen wollen die Aufgabe künftig gemeinsam erledigen, um Personal- und Sachkosten zu senken und die Vertretung im Krankheits- und Urlaubsfall zu sichern.",
    "Anlass ist der demografische Wandel: Stellen lassen sich in den einzelnen Verwaltungen kaum noch besetzen, gemeinsam wird die Aufgabe wieder tragfähig.",
    "Die Kommunen arbeiten in diesem Bereich seit Jahren informell zusammen und wollen die Zusammenarbeit nun verbindlich regeln.",
    "Eine Machbarkeitsbetrachtung hat gezeigt, dass eine gemeinsame Lösung wirtschaftlicher ist als die getrennte Aufgabenerledigung.",
)  # fmt: skip
DESCRIPTION_CLOSERS = (
    "Die federführende Kommune übernimmt die Aufgabe für alle Partner; die Kosten werden nach Einwohnern verteilt.",
    "Die Kosten werden nach einem Lasten-Nutzen-Schlüssel verteilt, der nach drei Jahren überprüft wird.",
    "Die Zusammenarbeit ist auf mindestens fünf Jahre angelegt und wird jährlich in einer Lenkungsgruppe ausgewertet.",
    "Das Personal wechselt zur federführenden Kommune; Sachmittel werden gemeinsam beschafft.",
)  # fmt: skip

ACTIVITY_NOTES = {
    "initiierung": "Idee und Ausgangslage besprochen; Fördervoraussetzungen erläutert.",
    "gruppe": "Gemeinsames Gespräch der möglichen Partner: Aufgabenzuschnitt und Kostenverteilung.",
    "einzel": "Einzelgespräch zu offenen Fragen der Kommune (Personalübergang, Gremienbeschluss).",
    "info": "Informationsveranstaltung für Bürgermeisterinnen, Bürgermeister und Fraktionen.",
    "buergerversammlung": "Vorstellung des Vorhabens in der Bürgerversammlung; Fragen zu Erreichbarkeit und Service.",
    "telefonat": "Telefonische Abstimmung zum Stand des Antrags.",
    "vor_ort": "Vor-Ort-Termin: Besichtigung der Räume und Ausstattung.",
}
MESSAGES_FROM_MUNICIPALITY = (
    "Anbei der Entwurf der öffentlich-rechtlichen Vereinbarung – könnten Sie bitte einen Blick darauf werfen?",
    "Die Gremienbeschlüsse aller Partner liegen jetzt vor. Wie geht es weiter?",
    "Wir haben eine Frage zum Verwendungsnachweis: Welche Belege brauchen Sie?",
    "Können wir den Termin für das Gruppengespräch in den nächsten Monat verschieben?",
    "Eine weitere Nachbargemeinde hat Interesse signalisiert. Kann sie noch einsteigen?",
)
MESSAGES_FROM_ADVISER = (
    "Vielen Dank, wir melden uns nach der Prüfung in den nächsten Tagen.",
    "Bitte reichen Sie noch die Gremienbeschlüsse aller Partner und die Kostenschätzung nach.",
    "Der Antrag ist vollständig und wurde an das Regierungspräsidium weitergeleitet.",
    "Gern unterstützen wir Sie bei der Vorbereitung der Informationsveranstaltung.",
    "Für den Verwendungsnachweis genügen der Sachbericht und die zahlenmäßige Übersicht.",
)
PAUSE_REASONS = (
    "Personalwechsel in der Verwaltung; das Vorhaben ruht bis zur Neubesetzung.",
    "Die Partner warten die Kommunalwahl ab, bevor sie Beschlüsse fassen.",
    "Haushaltssperre bei einem Partner; Fortsetzung im nächsten Haushaltsjahr geplant.",
)
WITHDRAW_REASONS = (
    "Ein Partner hat sich gegen die Zusammenarbeit entschieden; mit den übrigen ist sie nicht wirtschaftlich.",
    "Die Kommunen lösen die Aufgabe vorerst getrennt.",
    "Die Gremien haben der Vereinbarung nicht zugestimmt.",
)
REJECT_REASONS = (
    "Die Mindesteinsparung von 15 % ist nicht nachgewiesen.",
    "Die Kooperation besteht bereits und ist nicht neu im Sinne der Förderung.",
    "Die geplante Laufzeit unterschreitet die Mindestlaufzeit von fünf Jahren.",
)


# --- Budget consultations -----------------------------------------------------------

RECOMMENDATIONS: dict[str, tuple[str, ...]] = {
    "ertraege": (
        "Hebesatz der Grundsteuer B an den Landesdurchschnitt angleichen.",
        "Gebührenkalkulation für Friedhöfe und Bürgerhäuser aktualisieren.",
        "Straßenbeiträge bzw. wiederkehrende Beiträge prüfen.",
    ),
    "personal": (
        "Stellen bei Altersabgängen nicht automatisch nachbesetzen, sondern Aufgaben bündeln.",
        "Organisation des Bauhofs mit Einsatzplanung und Leistungserfassung straffen.",
    ),
    "liegenschaften": (
        "Wenig genutzte Dorfgemeinschaftshäuser an Vereine übertragen oder veräußern.",
        "Energieverbrauch der kommunalen Gebäude erfassen und Einsparziele festlegen.",
    ),
    "ikz": (
        "Standesamt und Kasse mit Nachbarkommunen gemeinsam führen.",
        "Bauhofkooperation mit der Nachbargemeinde prüfen (Beratung durch das KIKZ).",
    ),
    "investitionen": (
        "Investitionsprogramm priorisieren und Folgekosten vor dem Beschluss ausweisen.",
        "Sanierungsstau bei Straßen mit einer Zustandserfassung belegen und planen.",
    ),
    "sonstiges": ("Haushaltskonsolidierungskonzept jährlich fortschreiben und im Rat berichten.",),
}

FUNDER_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    # asker kind, Förderbereich slug, question
    ("kommune", "energie-klima", "Wir möchten unsere Straßenbeleuchtung auf LED umstellen. Welche Förderung kommt in Frage?"),
    ("kommune", "interkommunale-zusammenarbeit", "Drei Gemeinden wollen ein gemeinsames Standesamt. Gibt es dafür Landesmittel?"),
    ("kommune", "digitalisierung", "Wie fördern Land und Bund den Glasfaserausbau in unseren Außenortsteilen?"),
    ("kommune", "feuerwehr-katastrophenschutz", "Wir planen ein gemeinsames Feuerwehrhaus mit der Nachbargemeinde. Welche Zuschüsse gibt es?"),
    ("kommune", "staedtebau", "Unser Ortskern hat viel Leerstand. Welche Programme helfen bei der Belebung?"),
    ("kommune", "laendliche-entwicklung", "Ist unsere Gemeinde Teil einer LEADER-Region und wie stellen wir einen Antrag?"),
    ("verein", "sport-vereine", "Unser Sportverein möchte das Vereinsheim energetisch sanieren. Wer fördert das?"),
    ("verein", "kultur-tourismus", "Wir organisieren ein Dorffest mit Kulturprogramm. Gibt es kleine Zuschüsse für Vereine?"),
    ("verein", "soziales-familie", "Unser Verein möchte einen Bürgerbus für Senioren anschaffen. Welche Förderung ist möglich?"),
    ("gruender", "wirtschaft", "Ich möchte ein Café im Ortskern eröffnen. Welche Gründungsdarlehen gibt es in Hessen?"),
    ("gruender", "wirtschaft", "Wir gründen aus der Hochschule heraus ein Softwareunternehmen. Welche Stipendien gibt es?"),
    ("unternehmen", "energie-klima", "Wir wollen unsere Werkhalle mit einer Wärmepumpe ausstatten. Welche Förderung gibt es?"),
    ("unternehmen", "digitalisierung", "Welche Programme fördern die Digitalisierung kleiner Handwerksbetriebe?"),
    ("sonstige", "umwelt-naturschutz", "Wir möchten als Initiative eine Streuobstwiese anlegen. Wer kann uns fördern?"),
)  # fmt: skip
