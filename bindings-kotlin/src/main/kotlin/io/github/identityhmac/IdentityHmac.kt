// The JNI fast path: Signer, the one-shot sign and verify, and generateSecret
// (Rust side: src/jni.rs). uniffi's generated calls go through JNA at about
// 15 µs each; these are plain JNI methods. Everything else (Verifier, the
// exceptions, parseSecretEncoding, checkSecret, version) is uniffi's.
//
// Errors are uniffi's too: when a native call reports that a secret (or a
// presented hash) is bad, the call is repeated through uniffi (checkSecret,
// checkKey, checkIdentityHash, checkRandomSource), which throws the
// IdentityHmacException with the core's details. Only the failure path pays that.
@file:JvmName("IdentityHmac")
@file:JvmMultifileClass

package io.github.identityhmac

import com.sun.jna.Native
import com.sun.jna.Platform
import com.sun.jna.Pointer
import java.io.File
import java.lang.ref.Cleaner
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.CharBuffer
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

/** The native methods of src/jni.rs. Handles are `Box<Signer>`s owned by the Rust side. */
internal object NativeSigner {
    private const val LIBRARY = "identity_hmac_kotlin"

    init {
        // The library JNA loads for uniffi, loaded again for JNI (the JVM binds
        // `external` methods only to libraries loaded with System.load): the
        // user's override if set, else the jar's resource, extracted by JNA's own helper.
        val override = System.getProperty("uniffi.component.$LIBRARY.libraryOverride")
        when {
            override != null && File(override).isAbsolute -> System.load(override)
            override != null -> System.loadLibrary(override)
            else -> {
                val loader = NativeSigner::class.java.classLoader
                val file = Native.extractFromResourcePath(LIBRARY, loader)
                // From a jar the library is a temporary copy: once loaded it can go, as JNA does with its own.
                val resource = loader.getResource("${Platform.RESOURCE_PREFIX}/${System.mapLibraryName(LIBRARY)}")
                try {
                    System.load(file.absolutePath)
                } finally {
                    // Windows cannot delete a loaded DLL: leave JNA's marker (NAME.x) beside it,
                    // so the next JVM's JNA removes the copy, as JNA does with its own.
                    if (resource?.protocol != "file" && !file.delete()) {
                        runCatching { File(file.parentFile, file.name + ".x").createNewFile() }
                    }
                }
            }
        }
    }

    @JvmStatic external fun create(secret: CharArray, hex: Boolean): Long
    @JvmStatic external fun fromBytes(key: ByteArray): Long
    @JvmStatic external fun free(handle: Long)
    /** Writes the 64 hex characters into [out]. */
    @JvmStatic external fun signHex(handle: Long, identifier: ByteArray, out: ByteArray)
    /** [address] = a direct buffer: 64 bytes that receive the hex, then [len] identifier bytes. 0 or -1. */
    @JvmStatic external fun signHexAt(handle: Long, address: Long, len: Int): Int
    /** Benchmark floor: [signHexAt] without the HMAC (writes 64 '0's); not API. */
    @JvmStatic external fun floorHexAt(handle: Long, address: Long, len: Int): Int
    /** Benchmark floor: [signHex] without the HMAC; not API. */
    @JvmStatic external fun floorHex(handle: Long, identifier: ByteArray, out: ByteArray)
    @JvmStatic external fun digest(handle: Long, identifier: ByteArray): ByteArray
    /** 1 match, 0 mismatch, -1 malformed presented hash. */
    @JvmStatic external fun check(handle: Long, identifier: ByteArray, identityHash: ByteArray): Int
    /** The identifier bytes [signPacked] takes at a time (the core's chunk size). */
    @JvmStatic external fun chunkBytes(): Int
    /** The hashes of the packed items (item i ends at ends[i]), 64 bytes each; null when native memory ran out. */
    @JvmStatic external fun signPacked(handle: Long, data: ByteArray, ends: IntArray): ByteArray?

    val CHUNK_BYTES: Int = chunkBytes()
    /**
     * [address] = a direct buffer: 64 bytes that receive the hex, [identifierLen] identifier bytes,
     * then [secretUnits] UTF-16 code units (little-endian). 0, -2 (the secret does not decode) or -1.
     */
    @JvmStatic external fun signOnceAt(hex: Boolean, address: Long, identifierLen: Int, secretUnits: Int): Int
    /** Writes the 64 hex characters into [out]; false when the secret does not decode. */
    @JvmStatic external fun signOnce(secret: CharArray, hex: Boolean, identifier: ByteArray, out: ByteArray): Boolean
    /** 1 match, 0 no match (or malformed hash), -2 the secret does not decode. */
    @JvmStatic external fun verifyOnce(secret: CharArray, hex: Boolean, identifier: ByteArray, identityHash: ByteArray): Int
    /** null when the operating system's random source failed. */
    @JvmStatic external fun generateSecret(): String?

    /** Runs [block] on the secret's chars, then wipes that copy (the String itself is immutable). */
    inline fun <R> withChars(secret: String, block: (CharArray) -> R): R {
        val chars = secret.toCharArray()
        try {
            return block(chars)
        } finally {
            chars.fill('\u0000')
        }
    }
}

private const val HASH_HEX_LEN = 64
private const val QUESTION_MARK = '?'.code.toByte()

/**
 * The UTF-8 bytes of [identifier]. A lone surrogate throws the JVM's
 * [CharacterCodingException], as uniffi's String arguments do, instead of being hashed as `?`.
 */
internal fun utf8(identifier: String): ByteArray {
    val bytes = identifier.toByteArray(Charsets.UTF_8)
    // String.getBytes writes '?' for a lone surrogate: only then is the strict, slower encoder needed.
    for (byte in bytes) {
        if (byte == QUESTION_MARK) {
            val strict = Charsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(identifier))
            return ByteArray(strict.remaining()).also { strict.get(it) }
        }
    }
    return bytes
}

/** 64 ASCII hex bytes written by the core, as a String. */
private fun hexString(bytes: ByteArray, offset: Int = 0): String = String(bytes, offset, HASH_HEX_LEN, Charsets.ISO_8859_1)

/** A presented hash's bytes: anything that is not 64 hex characters is malformed, never an error. */
private fun hashBytes(identityHash: String): ByteArray = identityHash.toByteArray(Charsets.UTF_8)

/** Throws uniffi's exception for a secret the fast path refused. */
private fun secretError(secret: String, secretEncoding: SecretEncoding): Nothing {
    checkSecret(secret, secretEncoding)
    throw IllegalStateException("the fast path refused a secret that the core accepts")
}

/**
 * A thread's native buffer for [Signer.sign]: 64 bytes for the hash, then the identifier
 * (4 KiB of direct memory per thread that signs, freed with the thread's ThreadLocal).
 */
private class Scratch {
    val buffer: ByteBuffer = ByteBuffer.allocateDirect(HASH_HEX_LEN + IDENTIFIER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
    val address: Long = Pointer.nativeValue(Native.getDirectBufferPointer(buffer))

    companion object {
        /** Longer identifiers (for the one-shot sign: identifier plus secret) are copied by JNI instead. */
        const val IDENTIFIER_BYTES = 4096
        val current: ThreadLocal<Scratch> = ThreadLocal.withInitial(::Scratch)
    }
}

/**
 * Signs and verifies identifiers under one secret. Thread-safe: share one
 * instance (for example as a singleton bean) across all request threads.
 * [close] frees the native state at once; otherwise a cleaner frees it after
 * garbage collection.
 */
class Signer private constructor(private val handle: Long) : AutoCloseable {
    // The pattern of uniffi's generated classes: 1 for the open instance plus 1
    // per call in flight; whoever brings it to 0 frees the native signer, so
    // close() during a call on another thread never frees it under that call.
    private val callCounter = AtomicLong(1)
    private val closed = AtomicBoolean(false)
    private val cleanable: Cleaner.Cleanable = CLEANER.register(this, Free(handle))

    /** Decodes [secret] by [secretEncoding] and sets the key up once. */
    @Throws(IdentityHmacException::class)
    constructor(secret: String, secretEncoding: SecretEncoding) : this(
        NativeSigner.withChars(secret) { NativeSigner.create(it, secretEncoding == SecretEncoding.HEX) }
            .takeIf { it != 0L } ?: secretError(secret, secretEncoding),
    )

    companion object {
        private val CLEANER: Cleaner = Cleaner.create()

        /** A signer keyed with raw key bytes (for example from a key store). */
        @JvmStatic
        @Throws(IdentityHmacException::class)
        fun fromBytes(key: ByteArray): Signer {
            val handle = NativeSigner.fromBytes(key)
            if (handle == 0L) {
                checkKey(key)
                throw IllegalStateException("the fast path refused a key that the core accepts")
            }
            return Signer(handle)
        }
    }

    /** Frees the native signer; must not capture the Signer, or it would never become unreachable. */
    private class Free(private val handle: Long) : Runnable {
        override fun run() = NativeSigner.free(handle)
    }

    private inline fun <R> withHandle(block: (Long) -> R): R {
        while (true) {
            val count = callCounter.get()
            check(count != 0L) { "Signer has already been closed" }
            if (callCounter.compareAndSet(count, count + 1)) break
        }
        try {
            return block(handle)
        } finally {
            if (callCounter.decrementAndGet() == 0L) cleanable.clean()
        }
    }

    /** Frees the native state now; later calls throw [IllegalStateException]. Closing twice is harmless. */
    override fun close() {
        if (closed.compareAndSet(false, true) && callCounter.decrementAndGet() == 0L) cleanable.clean()
    }

    /** The identity hash (64 lowercase hex characters) of the identifier's UTF-8 bytes. */
    fun sign(identifier: String): String = sign(utf8(identifier))

    /** The identity hash of an integer identifier, as its decimal string (what Chatwoot's server signs). */
    fun sign(identifier: Long): String = sign(identifier.toString())

    /** The identity hash of raw identifier bytes. */
    @JvmName("signBytes")
    fun sign(identifier: ByteArray): String = hexVia(identifier, NativeSigner::signHexAt, NativeSigner::signHex)

    /**
     * Benchmark floor: sign without the HMAC; not API. The same conversion,
     * native call shape and result String as [sign], 64 '0's instead of the hash.
     */
    @JvmName("benchFloor")
    internal fun benchFloor(identifier: String): String =
        hexVia(utf8(identifier), NativeSigner::floorHexAt, NativeSigner::floorHex)

    /** [sign]'s path with the native calls as parameters (inlined, so the floor pays what sign pays). */
    private inline fun hexVia(
        identifier: ByteArray,
        direct: (handle: Long, address: Long, len: Int) -> Int,
        copied: (handle: Long, identifier: ByteArray, out: ByteArray) -> Unit,
    ): String {
        val out = ByteArray(HASH_HEX_LEN)
        if (identifier.size <= Scratch.IDENTIFIER_BYTES) {
            // Through this thread's direct buffer: a JNI call that makes no call back into the VM.
            val scratch = Scratch.current.get()
            scratch.buffer.put(HASH_HEX_LEN, identifier)
            check(withHandle { direct(it, scratch.address, identifier.size) } == 0)
            scratch.buffer.get(0, out)
        } else {
            withHandle { copied(it, identifier, out) }
        }
        return hexString(out)
    }

    /** The raw 32-byte HMAC of the identifier's UTF-8 bytes. */
    fun digest(identifier: String): ByteArray = digest(utf8(identifier))

    /** The raw 32-byte HMAC of an integer identifier's decimal string. */
    fun digest(identifier: Long): ByteArray = digest(identifier.toString())

    /** The raw 32-byte HMAC of raw identifier bytes. */
    @JvmName("digestBytes")
    fun digest(identifier: ByteArray): ByteArray = withHandle { NativeSigner.digest(it, identifier) }

    /**
     * Whether [identityHash] (64 hex characters, either case) is the hash of
     * [identifier]. Constant time; a malformed hash is `false`, never an error.
     */
    fun verify(identifier: String, identityHash: String): Boolean = verify(utf8(identifier), identityHash)

    /** [verify] for an integer identifier's decimal string. */
    fun verify(identifier: Long, identityHash: String): Boolean = verify(identifier.toString(), identityHash)

    /** [verify] for raw identifier bytes. */
    @JvmName("verifyBytes")
    fun verify(identifier: ByteArray, identityHash: String): Boolean =
        withHandle { NativeSigner.check(it, identifier, hashBytes(identityHash)) } == 1

    /**
     * Like [verify], but a malformed hash throws [IdentityHmacException.MalformedHash]
     * (`MALFORMED_HASH`); a mismatch is still `false`.
     */
    @Throws(IdentityHmacException::class)
    fun check(identifier: String, identityHash: String): Boolean = check(utf8(identifier), identityHash)

    /** [check] for an integer identifier's decimal string. */
    @Throws(IdentityHmacException::class)
    fun check(identifier: Long, identityHash: String): Boolean = check(identifier.toString(), identityHash)

    /** [check] for raw identifier bytes. */
    @JvmName("checkBytes")
    @Throws(IdentityHmacException::class)
    fun check(identifier: ByteArray, identityHash: String): Boolean {
        val presented = hashBytes(identityHash)
        return when (withHandle { NativeSigner.check(it, identifier, presented) }) {
            1 -> true
            0 -> false
            else -> {
                // The bytes the core saw, so a lone surrogate is a bad character too.
                checkIdentityHash(String(presented, Charsets.UTF_8))
                throw IllegalStateException("the fast path refused a hash that the core accepts")
            }
        }
    }

    /** The hashes of many identifiers, in order; large batches use several cores. */
    fun signMany(identifiers: List<String>): List<String> = signManyOf(Array(identifiers.size) { utf8(identifiers[it]) })

    /** [signMany] for integer identifiers, as their decimal strings. */
    @JvmName("signManyLongs")
    fun signMany(identifiers: List<Long>): List<String> =
        signManyOf(Array(identifiers.size) { identifiers[it].toString().toByteArray(Charsets.US_ASCII) })

    /** [signMany] for raw identifier bytes. */
    @JvmName("signManyBytes")
    fun signMany(identifiers: List<ByteArray>): List<String> = signManyOf(identifiers.toTypedArray())

    /**
     * Packs the identifiers into arrays of about the core's chunk size (a longer one alone),
     * one native call each: JNI copies two arrays per chunk instead of one per item.
     */
    private fun signManyOf(identifiers: Array<ByteArray>): List<String> {
        val hashes = ArrayList<String>(identifiers.size)
        var first = 0
        while (first < identifiers.size) {
            var end = first
            var bytes = 0L
            while (end < identifiers.size && (end == first || bytes + identifiers[end].size <= NativeSigner.CHUNK_BYTES)) {
                bytes += identifiers[end].size
                end++
            }
            val data = ByteArray(bytes.toInt())
            val ends = IntArray(end - first)
            var offset = 0
            for (i in first until end) {
                identifiers[i].copyInto(data, offset)
                offset += identifiers[i].size
                ends[i - first] = offset
            }
            val packed = withHandle { NativeSigner.signPacked(it, data, ends) }
                ?: throw OutOfMemoryError("identity-hmac: no native memory for a batch of ${ends.size} identifiers")
            for (i in ends.indices) hashes.add(hexString(packed, i * HASH_HEX_LEN))
            first = end
        }
        return hashes
    }

    override fun toString(): String = "Signer(<redacted>)"
}

/**
 * Signs [identifier] with [secret], setting the key up for this one call.
 * Prefer a [Signer] when signing more than once.
 */
@Throws(IdentityHmacException::class)
fun sign(secret: String, identifier: String, secretEncoding: SecretEncoding): String =
    sign(secret, utf8(identifier), secretEncoding)

/** One-shot [Signer.sign] of an integer identifier's decimal string. */
@Throws(IdentityHmacException::class)
fun sign(secret: String, identifier: Long, secretEncoding: SecretEncoding): String =
    sign(secret, identifier.toString(), secretEncoding)

/** One-shot [Signer.sign] of raw identifier bytes. */
@JvmName("signBytes")
@Throws(IdentityHmacException::class)
fun sign(secret: String, identifier: ByteArray, secretEncoding: SecretEncoding): String {
    val out = ByteArray(HASH_HEX_LEN)
    val hex = secretEncoding == SecretEncoding.HEX
    if (identifier.size + 2L * secret.length <= Scratch.IDENTIFIER_BYTES) {
        // Through this thread's direct buffer, as Signer.sign; the secret's copy there is wiped after.
        val scratch = Scratch.current.get()
        val buffer = scratch.buffer
        val secretStart = HASH_HEX_LEN + identifier.size
        buffer.put(HASH_HEX_LEN, identifier)
        for (i in secret.indices) buffer.putChar(secretStart + 2 * i, secret[i])
        val status = try {
            NativeSigner.signOnceAt(hex, scratch.address, identifier.size, secret.length)
        } finally {
            for (i in secretStart until secretStart + 2 * secret.length) buffer.put(i, 0.toByte())
        }
        if (status == -2) secretError(secret, secretEncoding)
        check(status == 0)
        buffer.get(0, out)
        return hexString(out)
    }
    val signed = NativeSigner.withChars(secret) { NativeSigner.signOnce(it, secretEncoding == SecretEncoding.HEX, identifier, out) }
    return if (signed) hexString(out) else secretError(secret, secretEncoding)
}

/**
 * Checks [identityHash] for [identifier] under [secret] in constant time; a
 * malformed hash is `false`. Throws only for a bad secret.
 */
@Throws(IdentityHmacException::class)
fun verify(secret: String, identifier: String, identityHash: String, secretEncoding: SecretEncoding): Boolean =
    verify(secret, utf8(identifier), identityHash, secretEncoding)

/** One-shot [Signer.verify] of an integer identifier's decimal string. */
@Throws(IdentityHmacException::class)
fun verify(secret: String, identifier: Long, identityHash: String, secretEncoding: SecretEncoding): Boolean =
    verify(secret, identifier.toString(), identityHash, secretEncoding)

/** One-shot [Signer.verify] of raw identifier bytes. */
@JvmName("verifyBytes")
@Throws(IdentityHmacException::class)
fun verify(secret: String, identifier: ByteArray, identityHash: String, secretEncoding: SecretEncoding): Boolean {
    val outcome = NativeSigner.withChars(secret) {
        NativeSigner.verifyOnce(it, secretEncoding == SecretEncoding.HEX, identifier, hashBytes(identityHash))
    }
    return if (outcome == -2) secretError(secret, secretEncoding) else outcome == 1
}

/**
 * A new 32-byte secret from the operating system's CSPRNG, as 64 lowercase hex
 * characters (use it with [SecretEncoding.HEX]). Throws
 * [IdentityHmacException.RandomSourceFailed] only if the OS random source fails.
 */
@Throws(IdentityHmacException::class)
fun generateSecret(): String =
    NativeSigner.generateSecret() ?: run {
        checkRandomSource()
        throw IllegalStateException("the random source failed once and then worked")
    }
