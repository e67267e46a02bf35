//! `identity_hmac.arrow` (the `arrow` feature): signs the identifiers of an
//! Arrow array handed over through the Arrow PyCapsule interface. The
//! producer's buffers are read where they lie (no Python object per row), the
//! core's packed-batch call hashes them with the GIL released, and the hashes
//! go back as one Arrow `string` array, exported the same way.

use std::ffi::CStr;

use arrow_array::cast::AsArray;
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi, to_ffi};
use arrow_array::ffi_stream::{ArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::{Array, ArrayRef, GenericStringArray, OffsetSizeTrait, make_array};
use arrow_buffer::{ArrowNativeType, BooleanBufferBuilder, Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType};
use identity_hmac::{Error, HASH_HEX_LEN, HashFormat, PackedBatch, Signer, grow_output};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

use crate::{PySigner, core_error, type_name};

const SCHEMA_CAPSULE: &CStr = c"arrow_schema";
const ARRAY_CAPSULE: &CStr = c"arrow_array";
const STREAM_CAPSULE: &CStr = c"arrow_array_stream";

/// Rows per call into the core: bounds the end offsets kept at once, and is
/// large enough for the core to spread each call over its threads.
const CHUNK_ROWS: usize = 64 * 1024;

/// Why signing an imported array failed, turned into a Python exception once
/// the GIL is held again.
enum Failure {
    /// Not an array of strings or binaries: `TypeError`.
    Type(String),
    /// The producer's array breaks the Arrow format, or its stream failed: `ValueError`.
    Malformed(String),
    Core(Error),
}

impl Failure {
    fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::Type(message) => PyTypeError::new_err(message),
            Failure::Malformed(message) => PyValueError::new_err(message),
            Failure::Core(error) => core_error(py, &error),
        }
    }
}

impl From<ArrowError> for Failure {
    fn from(error: ArrowError) -> Self {
        Failure::Malformed(format!("cannot read the Arrow data: {error}"))
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Core(error)
    }
}

fn bad_offsets() -> Failure {
    Failure::Malformed(String::from("malformed Arrow array: its offsets are out of order or past its data"))
}

/// The hashes signed so far: the valid rows' hex back to back, and the
/// validity of every row once a null has been seen.
#[derive(Default)]
struct Hashes {
    hex: Vec<u8>,
    rows: usize,
    validity: Option<BooleanBufferBuilder>,
    ends: Vec<usize>,
    packed: PackedBatch,
}

impl Hashes {
    /// Records the validity of `rows` new rows (`None`: all valid).
    fn push_validity(&mut self, nulls: Option<&NullBuffer>, rows: usize) {
        match (nulls, &mut self.validity) {
            (Some(nulls), None) if nulls.null_count() > 0 => {
                let mut validity = BooleanBufferBuilder::new(self.rows + rows);
                validity.append_n(self.rows, true);
                validity.append_buffer(nulls.inner());
                self.validity = Some(validity);
            }
            (Some(nulls), Some(validity)) => validity.append_buffer(nulls.inner()),
            (None, Some(validity)) => validity.append_n(rows, true),
            _ => {}
        }
        self.rows += rows;
    }

    /// Makes room for `count` more hashes and returns it.
    fn grow(&mut self, count: usize) -> Result<&mut [u8], Failure> {
        let added = count.checked_mul(HASH_HEX_LEN).ok_or(Error::OutOfMemory)?;
        Ok(grow_output(&mut self.hex, added)?)
    }

    fn sign_packed(&mut self, signer: &Signer) -> Result<(), Failure> {
        if !self.packed.is_empty() {
            signer.sign_batch_into(&self.packed, HashFormat::Hex, &mut self.hex)?;
            self.packed.clear();
        }
        Ok(())
    }

    /// Signs a valid row that did not go into `ends`, after the pending packed ones.
    fn sign_copied(&mut self, signer: &Signer, item: &[u8]) -> Result<(), Failure> {
        if PackedBatch::signs_in_place(item.len()) {
            self.sign_packed(signer)?;
            let slot = self.grow(1)?;
            let mut digits = [0u8; HASH_HEX_LEN];
            slot.copy_from_slice(signer.sign_hex_into(item, &mut digits).as_bytes());
        } else {
            self.packed.try_push(item)?;
            if self.packed.is_full() {
                self.sign_packed(signer)?;
            }
        }
        Ok(())
    }

    /// Rows with offsets (string, large_string, binary, large_binary): each
    /// chunk of rows is signed where it lies in the values buffer. A chunk in
    /// which a null row spans bytes (legal, if rare) is copied instead, since
    /// the core's batches have no gaps.
    fn sign_offsets<O: ArrowNativeType>(
        &mut self,
        signer: &Signer,
        offsets: &[O],
        values: &[u8],
        nulls: Option<&NullBuffer>,
    ) -> Result<(), Failure> {
        let position = |index: usize| offsets.get(index).and_then(|offset| offset.to_usize()).ok_or_else(bad_offsets);
        let rows = offsets.len().saturating_sub(1);
        let mut first = 0;
        while first < rows {
            let last = rows.min(first + CHUNK_ROWS);
            let (base, top) = (position(first)?, position(last)?);
            let data = values.get(base..top).ok_or_else(bad_offsets)?;
            self.ends.clear();
            let mut gapless = true;
            for row in first..last {
                let end = position(row + 1)?;
                match nulls {
                    Some(nulls) if nulls.is_null(row) => {
                        if end != position(row)? {
                            gapless = false;
                            break;
                        }
                    }
                    // An end before `base` wraps past the data: the core refuses it.
                    _ => self.ends.push(end.wrapping_sub(base)),
                }
            }
            if gapless {
                let count = self.ends.len();
                let ends = std::mem::take(&mut self.ends);
                let out = self.grow(count)?;
                let signed = signer.sign_packed_into(data, &ends, HashFormat::Hex, out);
                self.ends = ends;
                signed.map_err(|_| bad_offsets())?;
            } else {
                for row in first..last {
                    if nulls.is_some_and(|nulls| nulls.is_null(row)) {
                        continue;
                    }
                    let (start, end) = (position(row)?, position(row + 1)?);
                    let item = values.get(start..end).ok_or_else(bad_offsets)?;
                    self.sign_copied(signer, item)?;
                }
                self.sign_packed(signer)?;
            }
            first = last;
        }
        Ok(())
    }

    /// Signs every row of `array`; `outer` adds the nulls of an enclosing
    /// one-column struct (a record batch).
    fn sign_array(&mut self, signer: &Signer, array: &ArrayRef, outer: Option<&NullBuffer>) -> Result<(), Failure> {
        let own = array.logical_nulls();
        let nulls = NullBuffer::union(own.as_ref(), outer);
        let nulls = nulls.as_ref();
        match array.data_type() {
            DataType::Utf8 => {
                let strings = array.as_string::<i32>();
                self.sign_offsets(signer, strings.value_offsets(), strings.values(), nulls)?;
            }
            DataType::LargeUtf8 => {
                let strings = array.as_string::<i64>();
                self.sign_offsets(signer, strings.value_offsets(), strings.values(), nulls)?;
            }
            DataType::Binary => {
                let binaries = array.as_binary::<i32>();
                self.sign_offsets(signer, binaries.value_offsets(), binaries.values(), nulls)?;
            }
            DataType::LargeBinary => {
                let binaries = array.as_binary::<i64>();
                self.sign_offsets(signer, binaries.value_offsets(), binaries.values(), nulls)?;
            }
            DataType::Utf8View | DataType::BinaryView => {
                // Views point into several buffers: rows are copied into packed chunks.
                let views = match array.data_type() {
                    DataType::Utf8View => array.as_string_view().clone().to_binary_view(),
                    _ => array.as_binary_view().clone(),
                };
                for row in 0..views.len() {
                    if !nulls.is_some_and(|nulls| nulls.is_null(row)) {
                        self.sign_copied(signer, views.value(row))?;
                    }
                }
                self.sign_packed(signer)?;
            }
            DataType::Null => {}
            DataType::Struct(fields) if fields.len() == 1 => {
                let column = array.as_struct().column(0).clone();
                return self.sign_array(signer, &column, nulls);
            }
            DataType::Struct(fields) => {
                return Err(Failure::Type(format!(
                    "expected one column of identifiers, got a table or record batch of {} columns: pass one column",
                    fields.len()
                )));
            }
            DataType::Dictionary(_, _) => {
                return Err(Failure::Type(String::from(
                    "dictionary-encoded (categorical) arrays are not supported: cast the column to string first",
                )));
            }
            other => {
                return Err(Failure::Type(format!(
                    "expected an Arrow array of strings or binaries (string, large_string, string_view, binary, \
                     large_binary or binary_view), not {other}"
                )));
            }
        }
        let nulls = match array.data_type() {
            DataType::Null => Some(NullBuffer::new_null(array.len())),
            _ => nulls.cloned(),
        };
        self.push_validity(nulls.as_ref(), array.len());
        Ok(())
    }

    /// The hashes as one array: `string`, or `large_string` past 2 GiB of hex.
    fn finish(mut self) -> Result<ArrayRef, Failure> {
        let nulls = self.validity.take().map(|mut validity| NullBuffer::new(validity.finish()));
        let valid = |row: usize| nulls.as_ref().is_none_or(|nulls| nulls.is_valid(row));
        let rows = self.rows;
        let values = Buffer::from_vec(self.hex);
        if values.len() <= i32::MAX as usize {
            let offsets = offsets::<i32>(rows, valid, |length| i32::try_from(length).unwrap_or(i32::MAX));
            hash_array(offsets, values, nulls)
        } else {
            let offsets = offsets::<i64>(rows, valid, |length| i64::try_from(length).unwrap_or(i64::MAX));
            hash_array(offsets, values, nulls)
        }
    }
}

/// The string array of the hashes, without `try_new`'s UTF-8 pass over every
/// byte (an eighth of `arrow.sign`'s time over a million rows).
fn hash_array<O: OffsetSizeTrait>(
    offsets: OffsetBuffer<O>,
    values: Buffer,
    nulls: Option<NullBuffer>,
) -> Result<ArrayRef, Failure> {
    let rows = offsets.len() - 1;
    let ends_at_values = offsets.last().to_usize() == Some(values.len());
    if !ends_at_values || nulls.as_ref().is_some_and(|nulls| nulls.len() != rows) {
        return Err(Failure::Malformed(String::from("internal error: the hashes do not match their rows")));
    }
    // SAFETY: `OffsetBuffer::new` checked that the offsets never decrease and
    // the last one is the values' length (checked above), the nulls cover
    // every row (checked above), and the values are ASCII: the core's lowercase
    // hex, written over zeroed bytes, each row's 64 bytes between two offsets.
    Ok(std::sync::Arc::new(unsafe { GenericStringArray::<O>::new_unchecked(offsets, values, nulls) }))
}

/// The offsets of `rows` hashes: 64 bytes for each valid row, none for a null.
fn offsets<O: OffsetSizeTrait>(
    rows: usize,
    valid: impl Fn(usize) -> bool,
    offset: impl Fn(usize) -> O,
) -> OffsetBuffer<O> {
    let mut end = 0;
    let mut offsets = Vec::with_capacity(rows + 1);
    offsets.push(offset(0));
    for row in 0..rows {
        if valid(row) {
            end += HASH_HEX_LEN;
        }
        offsets.push(offset(end));
    }
    OffsetBuffer::new(ScalarBuffer::from(offsets))
}

/// What a producer handed over: one array, or a stream of arrays (a chunked
/// array, a Polars Series, a DuckDB result, a table).
enum Imported {
    Array(ArrayRef),
    Stream(ArrayStreamReader),
}

fn capsule_pointer<T>(capsule: &Bound<'_, PyAny>, name: &CStr) -> PyResult<*mut T> {
    let capsule = capsule.cast::<PyCapsule>().map_err(|_| {
        PyTypeError::new_err(format!("the Arrow PyCapsule interface returned {}, not a capsule", type_name(capsule)))
    })?;
    Ok(capsule.pointer_checked(Some(name))?.as_ptr().cast::<T>())
}

fn import(source: &Bound<'_, PyAny>) -> PyResult<Imported> {
    let py = source.py();
    if source.hasattr(intern!(py, "__arrow_c_array__"))? {
        let pair = source.call_method0(intern!(py, "__arrow_c_array__"))?;
        let pair = pair
            .cast::<PyTuple>()
            .map_err(|_| PyTypeError::new_err("__arrow_c_array__ must return a (schema, array) pair of capsules"))?;
        if pair.len() != 2 {
            return Err(PyTypeError::new_err("__arrow_c_array__ must return a (schema, array) pair of capsules"));
        }
        let (schema, array) = (pair.get_item(0)?, pair.get_item(1)?);
        let schema = capsule_pointer::<FFI_ArrowSchema>(&schema, SCHEMA_CAPSULE)?;
        let array = capsule_pointer::<FFI_ArrowArray>(&array, ARRAY_CAPSULE)?;
        // SAFETY: the capsules are named as the PyCapsule interface requires,
        // so they hold a C data interface schema and array; `from_raw` moves
        // the array out (its capsule keeps a released one), the schema stays
        // in its capsule, which `pair` keeps alive.
        let data = unsafe {
            let array = FFI_ArrowArray::from_raw(array);
            from_ffi(array, &*schema)
        }
        .map_err(|error| Failure::from(error).into_py(py))?;
        return Ok(Imported::Array(make_array(data)));
    }
    if source.hasattr(intern!(py, "__arrow_c_stream__"))? {
        let capsule = source.call_method0(intern!(py, "__arrow_c_stream__"))?;
        let stream = capsule_pointer::<FFI_ArrowArrayStream>(&capsule, STREAM_CAPSULE)?;
        // SAFETY: a capsule of this name holds a C stream interface stream;
        // `from_raw` moves it out and leaves a released one behind.
        let stream = unsafe { FFI_ArrowArrayStream::from_raw(stream) };
        let reader = ArrayStreamReader::try_new(stream).map_err(|error| Failure::from(error).into_py(py))?;
        return Ok(Imported::Stream(reader));
    }
    Err(PyTypeError::new_err(format!(
        "expected an Arrow array (an object with __arrow_c_array__ or __arrow_c_stream__, such as a pyarrow \
         Array or ChunkedArray, a Polars Series or a DuckDB result), not {}",
        type_name(source)
    )))
}

/// An Arrow `string` array of identity hashes (64 lowercase hex characters,
/// null where the identifier was null). Hand it to any Arrow library through
/// the Arrow PyCapsule interface: `pyarrow.array(hashes)`, `polars.Series(hashes)`.
#[pyclass(frozen, module = "identity_hmac.arrow", name = "HashArray")]
pub(crate) struct HashArray {
    array: ArrayRef,
}

#[pymethods]
impl HashArray {
    /// The Arrow PyCapsule interface: a (schema, array) pair of capsules. The
    /// buffers are shared, not copied. `requested_schema` is ignored, as the
    /// interface allows.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let _ = requested_schema;
        let (array, schema) = to_ffi(&self.array.to_data()).map_err(|error| Failure::from(error).into_py(py))?;
        let schema = PyCapsule::new_with_value(py, schema, SCHEMA_CAPSULE)?;
        let array = PyCapsule::new_with_value(py, array, ARRAY_CAPSULE)?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }

    /// How many rows (hashes and nulls) it holds.
    fn __len__(&self) -> usize {
        self.array.len()
    }

    /// How many of them are null.
    #[getter]
    fn null_count(&self) -> usize {
        self.array.null_count()
    }

    fn __repr__(&self) -> String {
        format!("<identity_hmac.arrow.HashArray of {} rows, {} null>", self.array.len(), self.array.null_count())
    }
}

/// `identity_hmac.arrow.sign` once the Python layer has a Signer.
#[pyfunction]
fn arrow_sign(signer: &Bound<'_, PySigner>, array: &Bound<'_, PyAny>) -> PyResult<HashArray> {
    let py = array.py();
    let imported = import(array)?;
    let signer = &signer.get().signer;
    let signed = py.detach(move || {
        let mut hashes = Hashes::default();
        match imported {
            Imported::Array(array) => hashes.sign_array(signer, &array, None)?,
            // The producer's callbacks run without the GIL: the C stream
            // interface leaves locking to the producer.
            Imported::Stream(reader) => {
                for array in reader {
                    hashes.sign_array(signer, &array?, None)?;
                }
            }
        }
        hashes.finish()
    });
    signed.map(|array| HashArray { array }).map_err(|failure| failure.into_py(py))
}

pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<HashArray>()?;
    module.add_function(wrap_pyfunction!(arrow_sign, module)?)?;
    Ok(())
}
