// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {RelaySigners} from "./RelaySigners.sol";
import {WrappedToken} from "./WrappedToken.sol";

/// @title BridgeVault
/// @notice Holds tokens locked for transfers to other ledgers and pays out
/// transfers that arrive: `release` of a locked token, `mint` of a wrapped
/// one. Every payout is authorised by the relay's signer set over an EIP-712
/// message that names this chain, this contract, the transfer id, the token,
/// the recipient and the amount; each transfer id is paid out at most once.
/// The signer set may instead cancel a transfer id (`cancel`, its own
/// EIP-712 message): a cancelled id is never paid out, an id paid out is
/// never cancelled, so the relay refunds a transfer only once its payout
/// can no longer happen.
contract BridgeVault is EIP712, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant RELEASE_TYPEHASH =
        keccak256("Release(bytes32 id,address token,address to,uint256 amount)");
    bytes32 public constant MINT_TYPEHASH = keccak256("Mint(bytes32 id,address token,address to,uint256 amount)");
    bytes32 public constant CANCEL_TYPEHASH = keccak256("Cancel(bytes32 id)");

    /// @notice Bounds on the destination strings of a lock, in bytes.
    uint256 public constant MAX_LEDGER_LENGTH = 64;
    uint256 public constant MAX_ACCOUNT_LENGTH = 256;

    RelaySigners public immutable signers;

    /// @notice Number of locks so far; part of each lock's id.
    uint256 public lockCount;

    /// @notice What became of a transfer id: nothing yet (Open), paid out
    /// (Executed: released or minted) or Cancelled. Both ends are final.
    enum Status {
        Open,
        Executed,
        Cancelled
    }

    mapping(bytes32 => Status) public status;

    event Locked(
        bytes32 indexed id,
        address indexed token,
        address indexed holder,
        uint256 amount,
        string destinationLedger,
        string destinationAccount
    );
    event Released(bytes32 indexed id, address indexed token, address indexed to, uint256 amount);
    event Minted(bytes32 indexed id, address indexed token, address indexed to, uint256 amount);
    event Cancelled(bytes32 indexed id);

    error AlreadyExecuted(bytes32 id);
    error TransferCancelled(bytes32 id);
    error ZeroAmount();
    error ZeroAddress();
    error BadDestination();
    error NothingReceived();

    constructor(RelaySigners signers_) EIP712("CocoBridgeVault", "1") {
        if (address(signers_) == address(0)) revert ZeroAddress();
        signers = signers_;
    }

    /// @notice Pulls `amount` of `token` from the caller (who approved this
    /// contract) and emits Locked with a new transfer id. The amount
    /// reported is what the vault received.
    function lock(address token, uint256 amount, string calldata destinationLedger, string calldata destinationAccount)
        external
        nonReentrant
        returns (bytes32 id)
    {
        if (amount == 0) revert ZeroAmount();
        if (token == address(0)) revert ZeroAddress();
        uint256 l = bytes(destinationLedger).length;
        uint256 a = bytes(destinationAccount).length;
        if (l == 0 || l > MAX_LEDGER_LENGTH || a == 0 || a > MAX_ACCOUNT_LENGTH) revert BadDestination();
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received == 0) revert NothingReceived();
        id = keccak256(abi.encode(block.chainid, address(this), ++lockCount));
        emit Locked(id, token, msg.sender, received, destinationLedger, destinationAccount);
    }

    /// @notice Pays out locked `token` for transfer `id`.
    function release(bytes32 id, address token, address to, uint256 amount, bytes[] calldata sigs)
        external
        nonReentrant
    {
        _authorise(RELEASE_TYPEHASH, id, token, to, amount, sigs);
        IERC20(token).safeTransfer(to, amount);
        emit Released(id, token, to, amount);
    }

    /// @notice Mints wrapped `token` for transfer `id`, within the limit the
    /// token grants this vault.
    function mint(bytes32 id, address token, address to, uint256 amount, bytes[] calldata sigs) external nonReentrant {
        _authorise(MINT_TYPEHASH, id, token, to, amount, sigs);
        WrappedToken(token).mint(to, amount);
        emit Minted(id, token, to, amount);
    }

    /// @notice Cancels transfer `id`: no payout of it can execute
    /// afterwards. Reverts AlreadyExecuted if it was paid out and
    /// TransferCancelled if it was cancelled before.
    function cancel(bytes32 id, bytes[] calldata sigs) external nonReentrant {
        _requireOpen(id);
        signers.verify(cancelDigest(id), sigs);
        status[id] = Status.Cancelled;
        emit Cancelled(id);
    }

    /// @notice Whether transfer `id` was paid out.
    function executed(bytes32 id) external view returns (bool) {
        return status[id] == Status.Executed;
    }

    /// @notice Whether transfer `id` was cancelled.
    function cancelled(bytes32 id) external view returns (bool) {
        return status[id] == Status.Cancelled;
    }

    /// @notice The EIP-712 digest relay nodes sign for a release.
    function releaseDigest(bytes32 id, address token, address to, uint256 amount) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(RELEASE_TYPEHASH, id, token, to, amount)));
    }

    /// @notice The EIP-712 digest relay nodes sign for a mint.
    function mintDigest(bytes32 id, address token, address to, uint256 amount) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(MINT_TYPEHASH, id, token, to, amount)));
    }

    /// @notice The EIP-712 digest relay nodes sign to cancel transfer `id`.
    function cancelDigest(bytes32 id) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CANCEL_TYPEHASH, id)));
    }

    function _requireOpen(bytes32 id) private view {
        Status s = status[id];
        if (s == Status.Executed) revert AlreadyExecuted(id);
        if (s == Status.Cancelled) revert TransferCancelled(id);
    }

    function _authorise(
        bytes32 typehash,
        bytes32 id,
        address token,
        address to,
        uint256 amount,
        bytes[] calldata sigs
    ) private {
        _requireOpen(id);
        if (amount == 0) revert ZeroAmount();
        if (token == address(0) || to == address(0)) revert ZeroAddress();
        signers.verify(_hashTypedDataV4(keccak256(abi.encode(typehash, id, token, to, amount))), sigs);
        status[id] = Status.Executed;
    }
}
