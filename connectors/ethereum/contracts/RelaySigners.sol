// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

/// @title RelaySigners
/// @notice The set of Coco relay nodes whose signatures authorise payouts
/// (BridgeVault), anchors (Anchor) and changes to the set itself. A change
/// is signed by at least `threshold` distinct members of the current set
/// over an EIP-712 message bound to this contract, this chain and the next
/// nonce, so it can be replayed neither here nor elsewhere.
contract RelaySigners is EIP712 {
    /// @notice EIP-712 type of a signer set change.
    bytes32 public constant UPDATE_TYPEHASH =
        keccak256("UpdateSigners(address[] signers,uint256 threshold,uint64 nonce)");

    /// @notice Upper bound on the set's size, which bounds verification gas.
    uint256 public constant MAX_SIGNERS = 32;

    address[] private _signers;

    /// @notice Whether an address is in the current set.
    mapping(address => bool) public isSigner;

    /// @notice How many distinct signers of the set must sign.
    uint256 public threshold;

    /// @notice Increases by one with every change; 0 for the initial set.
    uint64 public nonce;

    event SignersUpdated(uint64 indexed nonce, address[] signers, uint256 threshold);

    /// @notice The set is empty, too large, holds the zero address or a
    /// duplicate, or the threshold is not a majority of it.
    error InvalidSignerSet();
    error BadNonce(uint64 want, uint64 got);
    error NotEnoughSignatures(uint256 got, uint256 want);
    error MalformedSignature(uint256 index);
    /// @notice Signatures must be ordered by strictly ascending signer
    /// address; a signer that signs twice breaks the order.
    error SignersNotAscending(uint256 index);
    error UnknownSigner(address signer);

    constructor(address[] memory initial, uint256 initialThreshold) EIP712("CocoRelaySigners", "1") {
        _set(initial, initialThreshold);
        emit SignersUpdated(0, initial, initialThreshold);
    }

    /// @notice The current set, in the order it was given.
    function signers() external view returns (address[] memory) {
        return _signers;
    }

    /// @notice Reverts unless `sigs` holds at least `threshold` signatures
    /// over `digest`, each by a member of the current set, ordered by
    /// strictly ascending signer address (so no signer counts twice).
    function verify(bytes32 digest, bytes[] calldata sigs) public view {
        uint256 k = threshold;
        if (sigs.length < k) revert NotEnoughSignatures(sigs.length, k);
        address last = address(0);
        for (uint256 i = 0; i < sigs.length; ++i) {
            (address s, ECDSA.RecoverError e,) = ECDSA.tryRecover(digest, sigs[i]);
            if (e != ECDSA.RecoverError.NoError) revert MalformedSignature(i);
            if (s <= last) revert SignersNotAscending(i);
            if (!isSigner[s]) revert UnknownSigner(s);
            last = s;
        }
    }

    /// @notice The EIP-712 digest the current set signs to change to
    /// (`next`, `nextThreshold`) with nonce `nextNonce`.
    function updateDigest(address[] calldata next, uint256 nextThreshold, uint64 nextNonce)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(
            keccak256(abi.encode(UPDATE_TYPEHASH, keccak256(abi.encodePacked(next)), nextThreshold, nextNonce))
        );
    }

    /// @notice Replaces the set, authorised by the current one.
    function update(address[] calldata next, uint256 nextThreshold, uint64 nextNonce, bytes[] calldata sigs)
        external
    {
        if (nextNonce != nonce + 1) revert BadNonce(nonce + 1, nextNonce);
        verify(updateDigest(next, nextThreshold, nextNonce), sigs);
        for (uint256 i = 0; i < _signers.length; ++i) {
            isSigner[_signers[i]] = false;
        }
        _set(next, nextThreshold);
        nonce = nextNonce;
        emit SignersUpdated(nextNonce, next, nextThreshold);
    }

    function _set(address[] memory next, uint256 k) private {
        uint256 n = next.length;
        if (n == 0 || n > MAX_SIGNERS || k == 0 || k > n || 2 * k <= n) revert InvalidSignerSet();
        delete _signers;
        for (uint256 i = 0; i < n; ++i) {
            address a = next[i];
            if (a == address(0) || isSigner[a]) revert InvalidSignerSet();
            isSigner[a] = true;
            _signers.push(a);
        }
        threshold = k;
    }
}
