#!/usr/bin/env python3
"""Turns the emoji packages fetched by tools/fetch_emoji.sh into `siglip data build` inputs.

    python3 tools/emoji_manifest.py --npm data/emoji/npm --out data/emoji/manifests

writes into --out:
  train_google.jsonl      every emoji (skin-tone variants included) in the Google art, with
                          several captions each: its name, its short names, its emojilib keywords,
                          and its subcategory and category; the pipeline picks one per step
  eval_names.jsonl        the base emoji (no skin-tone variants), for the Twitter art (`make demo`
  eval_subcategories.jsonl  builds eval_names from the Google art too): caption = name,
                          label = index into names.txt / subcategories.txt / categories.txt
  eval_categories.jsonl
  names.txt, subcategories.txt, categories.txt   the classes, one per line, in label order

Only emoji with an image in both styles are used. Image names are relative to each style's
`package/img/<vendor>/64` folder. Standard library only.
"""

import argparse
import json
import os
import string
import sys

SKIN_TONES = {
    "1F3FB": "light skin tone",
    "1F3FC": "medium-light skin tone",
    "1F3FD": "medium skin tone",
    "1F3FE": "medium-dark skin tone",
    "1F3FF": "dark skin tone",
}


def image_dir(npm, vendor):
    return os.path.join(npm, f"emoji-datasource-{vendor}", "package", "img", vendor, "64")


def char_of(unified):
    return "".join(chr(int(code, 16)) for code in unified.split("-"))


def words(text):
    """'flag_united_states' / 'animal-mammal' / 'Animals & Nature' -> 'flag united states' /
    'animal mammal' / 'animals and nature': lower case, ASCII punctuation but commas dropped, as
    the zero-shot evaluator cleans class names (`clean_label`), so captions and classes agree."""
    text = text.replace("_", " ").replace("-", " ").replace("&", " and ").lower()
    kept = "".join(c for c in text if c == "," or c not in string.punctuation)
    return " ".join(kept.split())


def keywords_of(emoji, emojilib):
    """emojilib's list for the emoji (CLDR name first), trying the qualified forms in turn."""
    for unified in (emoji["unified"], emoji.get("non_qualified")):
        if unified:
            for form in (char_of(unified), char_of(unified).replace("\ufe0f", "")):
                if form in emojilib:
                    return emojilib[form]
    return []


def names_of(emojis, emojilib):
    """A unique, readable name per emoji: emojilib's CLDR name where no other emoji's CLDR name is
    the same (the keycaps all have `keycap_`), else the Unicode name in lower case, else the
    short name (the Unicode name can be another emoji's CLDR name: `man in tuxedo`)."""
    cldr = [words(keywords_of(e, emojilib)[0]) if keywords_of(e, emojilib) else "" for e in emojis]
    counts = {}
    for name in cldr:
        counts[name] = counts.get(name, 0) + 1
    names = [name if name and counts[name] == 1 else None for name in cldr]
    taken = set(filter(None, names))
    for i, emoji in enumerate(emojis):
        if names[i] is None:
            candidates = [words(s) for s in emoji["short_names"]] + [words(emoji["name"].lower())]
            for candidate in candidates:
                if candidate not in taken:
                    names[i] = candidate
                    break
            else:
                sys.exit(f"emoji_manifest: no unique name for {emoji['unified']}")
            taken.add(names[i])
    return names


def captions_of(emoji, name, emojilib, name_repeats):
    """The training captions of one emoji, distinct, name first and `name_repeats` times (the
    pipeline picks one uniformly: the name is what the eval asks for)."""
    keywords = words(" ".join(keywords_of(emoji, emojilib)[1:]))
    candidates = [name]
    candidates += [words(s) for s in emoji["short_names"]]
    candidates.append(keywords)
    candidates += [words(emoji["subcategory"]), words(emoji["category"])]
    out = []
    for caption in candidates:
        if caption and caption not in out:
            out.append(caption)
    return [name] * (name_repeats - 1) + out


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--npm", default="data/emoji/npm", help="tools/fetch_emoji.sh's folder")
    parser.add_argument("--out", default="data/emoji/manifests")
    parser.add_argument(
        "--no-skin-tones",
        action="store_true",
        help="train on the base emoji only (default: skin-tone variants too, captioned "
        "`<name> <tone>` plus the base emoji's other captions)",
    )
    parser.add_argument(
        "--name-repeats",
        type=int,
        default=1,
        help="how many of an emoji's training captions are its name (default 1: each caption once)",
    )
    args = parser.parse_args()
    if args.name_repeats < 1:
        sys.exit(f"emoji_manifest: --name-repeats must be at least 1, not {args.name_repeats}")

    metadata = os.path.join(args.npm, "emoji-datasource-google", "package", "emoji.json")
    keywords = os.path.join(args.npm, "emojilib", "package", "dist", "emoji-en-US.json")
    for path in (metadata, keywords):
        if not os.path.isfile(path):
            sys.exit(f"emoji_manifest: {path} not found (run tools/fetch_emoji.sh {args.npm})")
    with open(metadata, encoding="utf-8") as f:
        emojis = json.load(f)
    with open(keywords, encoding="utf-8") as f:
        emojilib = json.load(f)
    google, twitter = image_dir(args.npm, "google"), image_dir(args.npm, "twitter")

    def in_both(entry):
        return all(
            entry.get(f"has_img_{vendor}") and os.path.isfile(os.path.join(folder, entry["image"]))
            for vendor, folder in (("google", google), ("twitter", twitter))
        )

    emojis = sorted((e for e in emojis if in_both(e)), key=lambda e: e["sort_order"])
    names = names_of(emojis, emojilib)
    subcategories = sorted({words(e["subcategory"]) for e in emojis})
    categories = sorted({words(e["category"]) for e in emojis})

    train, evals = [], {"names": [], "subcategories": [], "categories": []}
    for emoji, name in zip(emojis, names):
        captions = captions_of(emoji, name, emojilib, args.name_repeats)
        train.append({"image": emoji["image"], "captions": captions})
        if not args.no_skin_tones:
            for tones, variant in sorted(emoji.get("skin_variations", {}).items()):
                if in_both(variant):
                    tone = ", ".join(SKIN_TONES[t] for t in tones.split("-"))
                    tinted = [words(f"{name} {tone}")] * args.name_repeats
                    tinted += captions[args.name_repeats :]
                    train.append({"image": variant["image"], "captions": tinted})
        labels = {
            "names": names.index(name),
            "subcategories": subcategories.index(words(emoji["subcategory"])),
            "categories": categories.index(words(emoji["category"])),
        }
        for task, label in labels.items():
            evals[task].append({"image": emoji["image"], "captions": [name], "label": label})

    os.makedirs(args.out, exist_ok=True)
    write_jsonl(os.path.join(args.out, "train_google.jsonl"), train)
    for task, rows in evals.items():
        write_jsonl(os.path.join(args.out, f"eval_{task}.jsonl"), rows)
    write_lines(os.path.join(args.out, "names.txt"), names)
    write_lines(os.path.join(args.out, "subcategories.txt"), subcategories)
    write_lines(os.path.join(args.out, "categories.txt"), categories)
    print(
        f"{len(train)} training images (Google), {len(emojis)} eval images (Twitter): "
        f"{len(names)} names, {len(subcategories)} subcategories, {len(categories)} categories "
        f"-> {args.out}"
    )


if __name__ == "__main__":
    main()
