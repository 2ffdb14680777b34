/// <summary>
/// Names as they are written at reception centres in Al-Hasakah: each in Arabic script, with the Latin spellings field
/// workers use for it, and a weight for how common it is (a share of people, in per cent, for the common names).
/// Given names follow published frequencies for Syria roughly (Mohammed is by far the most common man's name);
/// family names are the governorate's large tribal and Kurdish families, then a long tail made from Arabic nisba
/// patterns (see <see cref="FamilyTail"/>), because in a real register most families share their name with few others.
/// </summary>
static class Names
{
    public sealed record Name(string Arabic, string[] Latin, double Weight);

    private static Name[] Parse(string table) => table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => line.Split('|'))
        .Select(p => new Name(p[0], p[1].Split(','), double.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)))
        .ToArray();

    public static readonly Name[] Male = Parse("""
        محمد|Mohammed,Muhammad,Mohamad,Mohamed,Mohammad|14
        أحمد|Ahmad,Ahmed|6
        علي|Ali|4
        عمر|Omar,Umar|3
        خالد|Khaled,Khalid,Xalid|3
        حسن|Hassan,Hasan|3
        حسين|Hussein,Husain,Hussain|2.5
        محمود|Mahmoud,Mahmud|2.5
        عبد الله|Abdullah,Abdallah,Abdulla|2.5
        عبد الرحمن|Abdulrahman,Abdul Rahman,Abd al-Rahman|2
        إبراهيم|Ibrahim,Ebrahim|2
        يوسف|Yousef,Yusuf,Youssef|2
        مصطفى|Mustafa,Moustafa|1.5
        عبد القادر|Abdulkader,Abdelkader,Abd al-Qadir|1
        جاسم|Jasem,Jassim|1
        فيصل|Faisal,Faysal|1
        صالح|Saleh,Salih|1
        حمد|Hamad|1
        سليمان|Suleiman,Sulaiman|1
        إسماعيل|Ismail,Ismael|1
        ياسر|Yasser,Yaser|1
        وليد|Walid,Waleed|1
        مروان|Marwan|0.7
        فراس|Firas|0.6
        بشار|Bashar|0.6
        رامي|Rami|0.5
        طارق|Tarek,Tariq|0.7
        ماجد|Majed,Majid|0.6
        نواف|Nawaf|0.4
        عيسى|Issa,Eisa|0.6
        شيخموس|Sheikhmous,Shexmus|0.5
        جوان|Jiwan,Ciwan|0.5
        آزاد|Azad|0.6
        دلشاد|Dilshad|0.4
        شيار|Shiyar|0.4
        هوزان|Hozan|0.3
        قاسم|Kassem,Qasim|0.8
        ناصر|Nasser,Naser|0.8
        جابر|Jaber,Jabir|0.5
        عثمان|Othman,Uthman|0.6
        زياد|Ziad,Ziyad|0.6
        فارس|Fares,Faris|0.6
        سامي|Sami|0.5
        حمزة|Hamza,Hamzah|0.6
        بلال|Bilal|0.5
        أنس|Anas|0.5
        عادل|Adel,Adil|0.5
        صلاح|Salah|0.5
        جمعة|Juma,Jumaa|0.5
        عبد العزيز|Abdulaziz,Abdel Aziz|0.7
        عبد الكريم|Abdulkarim,Abdel Karim|0.5
        """);

    public static readonly Name[] Female = Parse("""
        فاطمة|Fatima,Fatma,Fatimah|8
        أمينة|Amina,Aminah|3
        خديجة|Khadija,Khadijah|3
        عائشة|Aisha,Aysha|3
        مريم|Mariam,Maryam|3
        زينب|Zainab,Zeinab|2.5
        نور|Nour,Noor|2
        هدى|Huda,Houda|1.5
        سارة|Sara,Sarah|1.5
        رقية|Ruqaya,Roqaya|1
        حليمة|Halima|1
        سلمى|Salma|1
        ليلى|Layla,Leila|1
        رنا|Rana|0.8
        آمنة|Amna,Amneh|1
        هيفاء|Haifa|0.6
        غالية|Ghalia|0.5
        شيرين|Shirin,Sherin|0.6
        روجين|Rojin|0.5
        جيهان|Cihan,Jihan|0.5
        بيريفان|Berivan|0.4
        نسرين|Nasrin,Nisreen|0.7
        سعاد|Souad,Suad|0.6
        منى|Muna,Mona|0.8
        رشا|Rasha|0.6
        ياسمين|Yasmin,Yasmine|0.6
        حنان|Hanan|0.6
        بشرى|Bushra|0.5
        ريم|Reem,Rim|0.6
        """);

    private static readonly Name[] FamilyHead = Parse("""
        الأحمد|Al-Ahmad,Alahmad|3
        الحسن|Al-Hassan,Al-Hasan|3
        العلي|Al-Ali,Alali|3
        الخلف|Al-Khalaf,Alkhalaf|2
        الجاسم|Al-Jasem,Al-Jassim|2
        المحمد|Al-Mohammed,Al-Muhammad|2.5
        الحسين|Al-Hussein,Al-Husain|2
        الشمري|Al-Shammari,Shammari|1.5
        الجبوري|Al-Jubouri,Al-Jbouri|1.5
        العكيدي|Al-Ugaidi,Al-Ukaidi|1
        الحمود|Al-Hamoud,Al-Hammoud|1.2
        الصالح|Al-Saleh,Al-Salih|1.2
        الحمد|Al-Hamad|1.2
        العيسى|Al-Issa|1
        الإبراهيم|Al-Ibrahim|1
        الفارس|Al-Fares|0.8
        العبيد|Al-Obaid,Al-Ubaid|1
        الحاج|Al-Hajj,Al-Haj|0.8
        حسو|Hasso,Heso|0.8
        عثمان|Osman,Othman|0.8
        كوجر|Kocher,Koçer|0.6
        شيخو|Sheikho,Şêxo|0.7
        برو|Berro,Bero|0.5
        حاجي|Haji,Hajji|0.7
        خليل|Khalil,Xelîl|0.8
        مراد|Murad,Mourad|0.6
        """);

    /// <summary>
    /// The long tail: family names made from Arabic roots in the nisba pattern "Al-C1aC2C3i" (الكرابي, Al-Karabi), each
    /// letter with the Latin spellings it gets (ق as q or k, ش as sh or ch, خ as kh or x...). Made-up names, but made the
    /// way Arabic family names are, so a transliteration meets its Arabic form no more easily than a real one does.
    /// </summary>
    private static Name[] FamilyTail(int count, Random random)
    {
        (string Arabic, string[] Latin)[] letters =
        [
            ("ب", ["b"]), ("ت", ["t"]), ("ج", ["j"]), ("د", ["d"]), ("ر", ["r"]), ("ز", ["z"]), ("س", ["s"]), ("ش", ["sh", "ch"]),
            ("ص", ["s"]), ("ط", ["t"]), ("ف", ["f"]), ("ق", ["q", "k"]), ("ك", ["k"]), ("ل", ["l"]), ("م", ["m"]), ("ن", ["n"]),
            ("ح", ["h"]), ("خ", ["kh", "x"]), ("غ", ["gh"]), ("ع", ["'", ""]),
        ];
        var names = new Dictionary<string, Name>();
        while (names.Count < count)
        {
            var (c1, c2, c3) = (letters[random.Next(letters.Length)], letters[random.Next(letters.Length - 1)], letters[random.Next(letters.Length - 1)]);
            if (c1.Arabic == "ع" && random.Next(2) == 0) continue;
            var arabic = "ال" + c1.Arabic + c2.Arabic + "ا" + c3.Arabic + "ي";
            var latin = (from l1 in c1.Latin from l2 in c2.Latin from l3 in c3.Latin
                         let word = l1 + "a" + l2 + "a" + l3 + "i"
                         select "Al-" + char.ToUpperInvariant(word.TrimStart('\'')[0]) + word.TrimStart('\'')[1..]).ToArray();
            // Zipf-like: a few tail names are shared by a handful of families, most by one or two.
            names.TryAdd(arabic, new Name(arabic, latin, 0.08 / (1 + names.Count % 40)));
        }
        return names.Values.ToArray();
    }

    public static Name[] Families(Random random) => [.. FamilyHead, .. FamilyTail(1200, random)];

    public static Name Pick(Name[] names, Random random)
    {
        var total = names.Sum(n => n.Weight);
        var x = random.NextDouble() * total;
        foreach (var name in names)
        {
            x -= name.Weight;
            if (x <= 0) return name;
        }
        return names[^1];
    }

    /// <summary>How field workers write Arabic differently: hamza on alef or not, ة as ه, ى as ي, عبد ال joined or apart, ال dropped.</summary>
    public static string ArabicVariant(string arabic, Random random)
    {
        var variant = arabic;
        if (random.Next(2) == 0) variant = variant.Replace('أ', 'ا').Replace('إ', 'ا').Replace('آ', 'ا');
        if (random.Next(3) == 0) variant = variant.Replace('ة', 'ه');
        if (random.Next(3) == 0) variant = variant.Replace('ى', 'ي');
        if (random.Next(2) == 0) variant = variant.Contains("عبد ال") ? variant.Replace("عبد ال", "عبدال") : variant.Replace("عبدال", "عبد ال");
        if (random.Next(4) == 0 && variant.StartsWith("ال") && variant.Length > 4) variant = variant[2..];
        return variant;
    }
}
