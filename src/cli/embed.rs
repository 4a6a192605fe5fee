//! `siglip embed`: the embeddings of images or texts under a model, written as safetensors
//! (tensor `embeddings` [n, d], the inputs' names in the metadata) or as a `.npy`. Embeddings are
//! the towers' outputs, not normalised. Inputs and `--out` may be in a bucket (`gs://`, `s3://`);
//! the output is written whole, as one object.

use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context};

use super::devices::RuntimeArgs;
use super::source::{embedder, report_truncated, SourceArgs};
use crate::safetensors_io::{self, Metadata, TensorMap};
use crate::storage;
use crate::tensor::HostTensor;

/// Files a folder given to `--images` contributes (by extension, case-insensitive).
const IMAGE_EXTENSIONS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "bmp", "webp"];
/// Name of the tensor in a written safetensors file.
pub const EMBEDDINGS: &str = "embeddings";

#[derive(clap::Args)]
pub struct EmbedArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Image files, or folders (their image files, by name).
    #[arg(long, num_args = 1.., required_unless_present = "texts", conflicts_with = "texts")]
    images: Vec<PathBuf>,
    /// A text file: one text per line (blank lines skipped).
    #[arg(long)]
    texts: Option<PathBuf>,
    /// Output: FILE.safetensors or FILE.npy (must not exist).
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    runtime: RuntimeArgs,
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Safetensors,
    Npy,
}

pub fn run(args: EmbedArgs) -> anyhow::Result<()> {
    let format = match args.out.extension().and_then(|e| e.to_str()) {
        Some("safetensors") => Format::Safetensors,
        Some("npy") => Format::Npy,
        _ => bail!(
            "--out {}: the name must end in .safetensors or .npy",
            args.out.display()
        ),
    };
    ensure!(
        !storage::exists(&args.out)?,
        "--out {} exists; refusing to overwrite it",
        args.out.display()
    );
    let model = args.source.load()?;
    let (kind, names, embeddings) = match &args.texts {
        Some(file) => {
            let texts = read_lines(file)?;
            ensure!(
                !texts.is_empty(),
                "--texts {} holds no texts",
                file.display()
            );
            let (tokens, truncated) = model.encode_texts(&texts)?;
            report_truncated(&texts, &truncated, &model);
            let client = args.runtime.open_client()?;
            let embeddings = embedder(&client, &model, texts.len())?.texts(&tokens)?;
            ("text", texts, embeddings)
        }
        None => {
            let paths = image_files(&args.images)?;
            let images = model.read_images(&paths)?;
            let client = args.runtime.open_client()?;
            let embeddings = embedder(&client, &model, paths.len())?.images(&images)?;
            let names = paths.iter().map(|p| p.display().to_string()).collect();
            ("image", names, embeddings)
        }
    };
    let (rows, dim) = (embeddings.rows(), embeddings.dim);
    let tensor = HostTensor::from_slice(&[rows as i64, dim as i64], &embeddings.data)?;
    match format {
        Format::Safetensors => {
            let metadata = Metadata::from([
                ("kind".to_string(), kind.to_string()),
                ("names".to_string(), serde_json::to_string(&names)?),
                ("source".to_string(), model.origin.clone()),
            ]);
            let tensors = TensorMap::from([(EMBEDDINGS.to_string(), tensor)]);
            safetensors_io::write(&args.out, &tensors, &metadata)?;
        }
        Format::Npy => storage::write(&args.out, &npy_f32(&tensor))
            .with_context(|| format!("writing {}", args.out.display()))?,
    }
    eprintln!(
        "{rows} {kind} embeddings of size {dim} from {} -> {}",
        model.origin,
        args.out.display()
    );
    Ok(())
}

/// The lines of `file` that are not blank, without their line ends.
pub fn read_lines(file: &Path) -> anyhow::Result<Vec<String>> {
    let text =
        storage::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    Ok(text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(str::to_string)
        .collect())
}

/// The files named, with each folder replaced by its image files in name order.
pub fn image_files(args: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for arg in args {
        if !storage::is_dir(arg)? {
            files.push(arg.clone());
            continue;
        }
        let (in_folder, _) =
            storage::list_dir(arg).with_context(|| format!("reading {}", arg.display()))?;
        let mut found: Vec<PathBuf> = in_folder
            .into_iter()
            .filter(|path| {
                path.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
            })
            .collect();
        ensure!(
            !found.is_empty(),
            "{} holds no image files ({})",
            arg.display(),
            IMAGE_EXTENSIONS.join(", ")
        );
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// A 2-D f32 tensor as a `.npy` file (format 1.0, little-endian, C order).
fn npy_f32(tensor: &HostTensor) -> Vec<u8> {
    let shape: Vec<String> = tensor.shape.iter().map(|d| d.to_string()).collect();
    let mut header = format!(
        "{{'descr': '<f4', 'fortran_order': False, 'shape': ({}), }}",
        shape.join(", ")
    );
    // Magic (6) + version (2) + header length (2) + header, padded to a multiple of 64 with
    // spaces and a final newline, as numpy writes it.
    let unpadded = 10 + header.len() + 1;
    header.push_str(&" ".repeat(unpadded.next_multiple_of(64) - unpadded));
    header.push('\n');
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
    bytes.extend_from_slice(header.as_bytes());
    bytes.extend_from_slice(&tensor.data);
    bytes
}
