"""What holds across documents: stories (near-duplicates), statements (one quotation reported many
times), wire copy, outlets and speakers' gender from the texts' own evidence."""
