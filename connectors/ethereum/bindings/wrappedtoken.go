// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// WrappedTokenMetaData contains all meta data concerning the WrappedToken contract.
var WrappedTokenMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"string\",\"name\":\"name_\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"symbol_\",\"type\":\"string\"},{\"internalType\":\"uint8\",\"name\":\"decimals_\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"owner_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"bridge_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"mintingLimit_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"burningLimit_\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"BadDestination\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"allowance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientAllowance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSpender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"bridge\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"available\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"LimitExceeded\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotBridge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"OwnableInvalidOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"OwnableUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAmount\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"bridge\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"mintingLimit\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"burningLimit\",\"type\":\"uint256\"}],\"name\":\"BridgeLimitsSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"bridge\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"destinationLedger\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"destinationAccount\",\"type\":\"string\"}],\"name\":\"BurnedForTransfer\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousOwner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"OwnershipTransferStarted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousOwner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"OwnershipTransferred\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DURATION\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_ACCOUNT_LENGTH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_LEDGER_LENGTH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"acceptOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"allowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"destinationLedger\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"destinationAccount\",\"type\":\"string\"}],\"name\":\"bridgeBurnFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"burn\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"burnCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"bridge\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"string\",\"name\":\"destinationLedger\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"destinationAccount\",\"type\":\"string\"}],\"name\":\"burnForTransfer\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"bridge\",\"type\":\"address\"}],\"name\":\"burningCurrentLimitOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"bridge\",\"type\":\"address\"}],\"name\":\"burningMaxLimitOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"decimals\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"bridge\",\"type\":\"address\"}],\"name\":\"mintingCurrentLimitOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"bridge\",\"type\":\"address\"}],\"name\":\"mintingMaxLimitOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pendingOwner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"renounceOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"bridge\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"mintingLimit\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"burningLimit\",\"type\":\"uint256\"}],\"name\":\"setLimits\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSupply\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"transferOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "WrappedToken",
	Bin: "0x60a060405234801561000f575f5ffd5b5060405161188838038061188883398101604081905261002e91610369565b838787600361003d83826104a9565b50600461004a82826104a9565b5050506001600160a01b03811661007a57604051631e4fbdf760e01b81525f600482015260240160405180910390fd5b610083816100b1565b5060ff85166080526001600160a01b038316156100a5576100a58383836100cd565b505050505050506105dd565b600680546001600160a01b03191690556100ca8161015b565b50565b6001600160a01b0383165f9081526007602052604090206100ee90836101ac565b6001600160a01b0383165f90815260076020526040902061011290600401826101ac565b60408051838152602081018390526001600160a01b038516917faa807d0abf30d91968c7478c66b6d82521a106af13eda036e2036da9af168958910160405180910390a2505050565b600580546001600160a01b038381166001600160a01b0319831681179093556040519116919082907f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0905f90a35050565b81545f6101b884610234565b90508183106101dc576101cb828461057b565b6101d59082610594565b9050610209565b6101e6838361057b565b81116101f2575f610206565b6101fc838361057b565b610206908261057b565b90505b8284556001840181905561022062015180846105a7565b600285015550504260039092019190915550565b5f815f0154826001015410158061025d57506201518082600301546102599190610594565b4210155b1561026757505490565b5f826002015483600301544261027d919061057b565b61028791906105c6565b83600101546102969190610594565b835490915081116102a757806102aa565b82545b9392505050565b634e487b7160e01b5f52604160045260245ffd5b5f82601f8301126102d4575f5ffd5b81516001600160401b038111156102ed576102ed6102b1565b604051601f8201601f19908116603f011681016001600160401b038111828210171561031b5761031b6102b1565b604052818152838201602001851015610332575f5ffd5b8160208501602083015e5f918101602001919091529392505050565b80516001600160a01b0381168114610364575f5ffd5b919050565b5f5f5f5f5f5f5f60e0888a03121561037f575f5ffd5b87516001600160401b03811115610394575f5ffd5b6103a08a828b016102c5565b60208a015190985090506001600160401b038111156103bd575f5ffd5b6103c98a828b016102c5565b965050604088015160ff811681146103df575f5ffd5b94506103ed6060890161034e565b93506103fb6080890161034e565b60a089015160c090990151979a96995094979396949593949392505050565b600181811c9082168061042e57607f821691505b60208210810361044c57634e487b7160e01b5f52602260045260245ffd5b50919050565b601f8211156104a457828211156104a457805f5260205f20601f840160051c602085101561047d57505f5b90810190601f840160051c035f5b818110156104a0575f8382015560010161048b565b5050505b505050565b81516001600160401b038111156104c2576104c26102b1565b6104d6816104d0845461041a565b84610452565b6020601f821160018114610508575f83156104f15750848201515b5f19600385901b1c1916600184901b178455610560565b5f84815260208120601f198516915b828110156105375787850151825560209485019460019092019101610517565b508482101561055457868401515f19600387901b60f8161c191681555b505060018360011b0184555b5050505050565b634e487b7160e01b5f52601160045260245ffd5b8181038181111561058e5761058e610567565b92915050565b8082018082111561058e5761058e610567565b5f826105c157634e487b7160e01b5f52601260045260245ffd5b500490565b808202811582820484141761058e5761058e610567565b6080516112936105f55f395f61024801526112935ff3fe608060405234801561000f575f5ffd5b50600436106101a1575f3560e01c806379ba5097116100f3578063a9059cbb11610093578063dd62ed3e1161006e578063dd62ed3e146103ad578063e30c3978146103e5578063f2fde38b146103f6578063ff1ce69d14610409575f5ffd5b8063a9059cbb1461035c578063b48b8a6f1461036f578063c1eb713714610382575f5ffd5b806395d89b41116100ce57806395d89b411461031b578063998955d3146103235780639dc29fac14610336578063a08d565414610349575f5ffd5b806379ba5097146102db5780637b09a0f6146102e35780638da5cb5b146102f6575f5ffd5b8063313ce5671161015e578063524773ce11610139578063524773ce1461028f578063651fd2681461029857806370a08231146102ab578063715018a6146102d3575f5ffd5b8063313ce5671461024157806340c10f191461027257806350ed383d14610287575f5ffd5b806306fdde03146101a5578063095ea7b3146101c35780630c05f82c146101e657806318160ddd1461021c5780631be052891461022457806323b872dd1461022e575b5f5ffd5b6101ad610412565b6040516101ba9190610eb1565b60405180910390f35b6101d66101d1366004610f01565b6104a2565b60405190151581526020016101ba565b61020e6101f4366004610f29565b6001600160a01b03165f9081526007602052604090205490565b6040519081526020016101ba565b60025461020e565b61020e6201518081565b6101d661023c366004610f42565b6104bb565b60405160ff7f00000000000000000000000000000000000000000000000000000000000000001681526020016101ba565b610285610280366004610f01565b6104de565b005b61020e604081565b61020e60085481565b61020e6102a6366004610f29565b610504565b61020e6102b9366004610f29565b6001600160a01b03165f9081526020819052604090205490565b610285610524565b610285610537565b6102856102f1366004610fc1565b610580565b6005546001600160a01b03165b6040516001600160a01b0390911681526020016101ba565b6101ad610687565b61020e610331366004610f29565b610696565b610285610344366004610f01565b6106b9565b610285610357366004611053565b6106fc565b6101d661036a366004610f01565b610714565b61020e61037d366004611083565b610721565b61020e610390366004610f29565b6001600160a01b03165f9081526007602052604090206004015490565b61020e6103bb36600461110c565b6001600160a01b039182165f90815260016020908152604080832093909416825291909152205490565b6006546001600160a01b0316610303565b610285610404366004610f29565b61084c565b61020e61010081565b6060600380546104219061113d565b80601f016020809104026020016040519081016040528092919081815260200182805461044d9061113d565b80156104985780601f1061046f57610100808354040283529160200191610498565b820191905f5260205f20905b81548152906001019060200180831161047b57829003601f168201915b5050505050905090565b5f336104af8185856108bd565b60019150505b92915050565b5f336104c88582856108ca565b6104d3858585610946565b506001949350505050565b335f8181526007602052604090206104f691836109a3565b6105008282610a27565b5050565b6001600160a01b0381165f9081526007602052604081206104b590610a5b565b61052c610ad8565b6105355f610b05565b565b60065433906001600160a01b031681146105745760405163118cdaa760e01b81526001600160a01b03821660048201526024015b60405180910390fd5b61057d81610b05565b50565b335f9081526007602052604081206004015490036105b357604051637c8da0cf60e11b815233600482015260240161056b565b82818115806105c25750604082115b806105cb575080155b806105d7575061010081115b156105f5576040516383b1982b60e01b815260040160405180910390fd5b61060089338a6108ca565b335f81815260076020526040902061061e916004909101908a6109a3565b6106288989610b1e565b886001600160a01b0316336001600160a01b0316887f60a0601263d396e01f6627eae174232d28d2da62ef4e09aaa5161557b3e9a80f8b8a8a8a8a60405161067495949392919061119d565b60405180910390a4505050505050505050565b6060600480546104219061113d565b6001600160a01b0381165f9081526007602052604081206104b590600401610a5b565b6001600160a01b03821633146106d4576106d48233836108ca565b335f8181526007602052604090206106f291600490910190836109a3565b6105008282610b1e565b610704610ad8565b61070f838383610b52565b505050565b5f336104af818585610946565b5f83828115806107315750604082115b8061073a575080155b80610746575061010081115b15610764576040516383b1982b60e01b815260040160405180910390fd5b6001600160a01b0389165f908152600760205260409020610789906004018a8a6109a3565b6107933389610b1e565b463060085f81546107a3906111e9565b91829055506040516107d4939291906020019283526001600160a01b03919091166020830152604082015260600190565b604051602081830303815290604052805190602001209250336001600160a01b0316896001600160a01b0316847f60a0601263d396e01f6627eae174232d28d2da62ef4e09aaa5161557b3e9a80f8b8b8b8b8b60405161083895949392919061119d565b60405180910390a450509695505050505050565b610854610ad8565b600680546001600160a01b0383166001600160a01b031990911681179091556108856005546001600160a01b031690565b6001600160a01b03167f38d16b8cac22d99fc7c124b9cd0de2d3fa1faef420bfe791d8c362d765e2270060405160405180910390a350565b61070f8383836001610be0565b6001600160a01b038381165f908152600160209081526040808320938616835292905220545f19811015610940578181101561093257604051637dc7a0d960e11b81526001600160a01b0384166004820152602481018290526044810183905260640161056b565b61094084848484035f610be0565b50505050565b6001600160a01b03831661096f57604051634b637e8f60e11b81525f600482015260240161056b565b6001600160a01b0382166109985760405163ec442f0560e01b81525f600482015260240161056b565b61070f838383610cb2565b805f036109c357604051631f2a200560e01b815260040160405180910390fd5b5f6109cd84610a5b565b905080821115610a095760405163136e789560e21b81526001600160a01b0384166004820152602481018290526044810183905260640161056b565b610a138282611201565b600185015550504260039092019190915550565b6001600160a01b038216610a505760405163ec442f0560e01b81525f600482015260240161056b565b6105005f8383610cb2565b5f815f01548260010154101580610a845750620151808260030154610a809190611214565b4210155b15610a8e57505490565b5f8260020154836003015442610aa49190611201565b610aae9190611227565b8360010154610abd9190611214565b83549091508111610ace5780610ad1565b82545b9392505050565b6005546001600160a01b031633146105355760405163118cdaa760e01b815233600482015260240161056b565b600680546001600160a01b031916905561057d81610dd8565b6001600160a01b038216610b4757604051634b637e8f60e11b81525f600482015260240161056b565b610500825f83610cb2565b6001600160a01b0383165f908152600760205260409020610b739083610e29565b6001600160a01b0383165f908152600760205260409020610b979060040182610e29565b60408051838152602081018390526001600160a01b038516917faa807d0abf30d91968c7478c66b6d82521a106af13eda036e2036da9af168958910160405180910390a2505050565b6001600160a01b038416610c095760405163e602df0560e01b81525f600482015260240161056b565b6001600160a01b038316610c3257604051634a1406b160e11b81525f600482015260240161056b565b6001600160a01b038085165f908152600160209081526040808320938716835292905220829055801561094057826001600160a01b0316846001600160a01b03167f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b92584604051610ca491815260200190565b60405180910390a350505050565b6001600160a01b038316610cdc578060025f828254610cd19190611214565b90915550610d4c9050565b6001600160a01b0383165f9081526020819052604090205481811015610d2e5760405163391434e360e21b81526001600160a01b0385166004820152602481018290526044810183905260640161056b565b6001600160a01b0384165f9081526020819052604090209082900390555b6001600160a01b038216610d6857600280548290039055610d86565b6001600160a01b0382165f9081526020819052604090208054820190555b816001600160a01b0316836001600160a01b03167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef83604051610dcb91815260200190565b60405180910390a3505050565b600580546001600160a01b038381166001600160a01b0319831681179093556040519116919082907f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0905f90a35050565b81545f610e3584610a5b565b9050818310610e5957610e488284611201565b610e529082611214565b9050610e86565b610e638383611201565b8111610e6f575f610e83565b610e798383611201565b610e839082611201565b90505b82845560018401819055610e9d620151808461123e565b600285015550504260039092019190915550565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b80356001600160a01b0381168114610efc575f5ffd5b919050565b5f5f60408385031215610f12575f5ffd5b610f1b83610ee6565b946020939093013593505050565b5f60208284031215610f39575f5ffd5b610ad182610ee6565b5f5f5f60608486031215610f54575f5ffd5b610f5d84610ee6565b9250610f6b60208501610ee6565b929592945050506040919091013590565b5f5f83601f840112610f8c575f5ffd5b50813567ffffffffffffffff811115610fa3575f5ffd5b602083019150836020828501011115610fba575f5ffd5b9250929050565b5f5f5f5f5f5f5f60a0888a031215610fd7575f5ffd5b610fe088610ee6565b96506020880135955060408801359450606088013567ffffffffffffffff811115611009575f5ffd5b6110158a828b01610f7c565b909550935050608088013567ffffffffffffffff811115611034575f5ffd5b6110408a828b01610f7c565b989b979a50959850939692959293505050565b5f5f5f60608486031215611065575f5ffd5b61106e84610ee6565b95602085013595506040909401359392505050565b5f5f5f5f5f5f60808789031215611098575f5ffd5b6110a187610ee6565b955060208701359450604087013567ffffffffffffffff8111156110c3575f5ffd5b6110cf89828a01610f7c565b909550935050606087013567ffffffffffffffff8111156110ee575f5ffd5b6110fa89828a01610f7c565b979a9699509497509295939492505050565b5f5f6040838503121561111d575f5ffd5b61112683610ee6565b915061113460208401610ee6565b90509250929050565b600181811c9082168061115157607f821691505b60208210810361116f57634e487b7160e01b5f52602260045260245ffd5b50919050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b858152606060208201525f6111b6606083018688611175565b82810360408401526111c9818587611175565b98975050505050505050565b634e487b7160e01b5f52601160045260245ffd5b5f600182016111fa576111fa6111d5565b5060010190565b818103818111156104b5576104b56111d5565b808201808211156104b5576104b56111d5565b80820281158282048414176104b5576104b56111d5565b5f8261125857634e487b7160e01b5f52601260045260245ffd5b50049056fea2646970667358221220fc45a1599c1c0192bcb37ef8650608856828bedd0ea93d68a16640660d52f11764736f6c63430008250033",
}

// WrappedToken is an auto generated Go binding around an Ethereum contract.
type WrappedToken struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *WrappedToken) GetABI() abi.ABI {
	return c.abi
}

// NewWrappedToken creates a new instance of WrappedToken.
func NewWrappedToken() *WrappedToken {
	parsed, err := WrappedTokenMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &WrappedToken{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *WrappedToken) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(string name_, string symbol_, uint8 decimals_, address owner_, address bridge_, uint256 mintingLimit_, uint256 burningLimit_) returns()
func (wrappedToken *WrappedToken) PackConstructor(name_ string, symbol_ string, decimals_ uint8, owner_ common.Address, bridge_ common.Address, mintingLimit_ *big.Int, burningLimit_ *big.Int) []byte {
	enc, err := wrappedToken.abi.Pack("", name_, symbol_, decimals_, owner_, bridge_, mintingLimit_, burningLimit_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackDURATION is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1be05289.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function DURATION() view returns(uint256)
func (wrappedToken *WrappedToken) PackDURATION() []byte {
	enc, err := wrappedToken.abi.Pack("DURATION")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDURATION is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1be05289.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function DURATION() view returns(uint256)
func (wrappedToken *WrappedToken) TryPackDURATION() ([]byte, error) {
	return wrappedToken.abi.Pack("DURATION")
}

// UnpackDURATION is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1be05289.
//
// Solidity: function DURATION() view returns(uint256)
func (wrappedToken *WrappedToken) UnpackDURATION(data []byte) (*big.Int, error) {
	out, err := wrappedToken.abi.Unpack("DURATION", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXACCOUNTLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xff1ce69d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_ACCOUNT_LENGTH() view returns(uint256)
func (wrappedToken *WrappedToken) PackMAXACCOUNTLENGTH() []byte {
	enc, err := wrappedToken.abi.Pack("MAX_ACCOUNT_LENGTH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXACCOUNTLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xff1ce69d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_ACCOUNT_LENGTH() view returns(uint256)
func (wrappedToken *WrappedToken) TryPackMAXACCOUNTLENGTH() ([]byte, error) {
	return wrappedToken.abi.Pack("MAX_ACCOUNT_LENGTH")
}

// UnpackMAXACCOUNTLENGTH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xff1ce69d.
//
// Solidity: function MAX_ACCOUNT_LENGTH() view returns(uint256)
func (wrappedToken *WrappedToken) UnpackMAXACCOUNTLENGTH(data []byte) (*big.Int, error) {
	out, err := wrappedToken.abi.Unpack("MAX_ACCOUNT_LENGTH", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXLEDGERLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x50ed383d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_LEDGER_LENGTH() view returns(uint256)
func (wrappedToken *WrappedToken) PackMAXLEDGERLENGTH() []byte {
	enc, err := wrappedToken.abi.Pack("MAX_LEDGER_LENGTH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXLEDGERLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x50ed383d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_LEDGER_LENGTH() view returns(uint256)
func (wrappedToken *WrappedToken) TryPackMAXLEDGERLENGTH() ([]byte, error) {
	return wrappedToken.abi.Pack("MAX_LEDGER_LENGTH")
}

// UnpackMAXLEDGERLENGTH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x50ed383d.
//
// Solidity: function MAX_LEDGER_LENGTH() view returns(uint256)
func (wrappedToken *WrappedToken) UnpackMAXLEDGERLENGTH(data []byte) (*big.Int, error) {
	out, err := wrappedToken.abi.Unpack("MAX_LEDGER_LENGTH", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackAcceptOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x79ba5097.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function acceptOwnership() returns()
func (wrappedToken *WrappedToken) PackAcceptOwnership() []byte {
	enc, err := wrappedToken.abi.Pack("acceptOwnership")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAcceptOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x79ba5097.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function acceptOwnership() returns()
func (wrappedToken *WrappedToken) TryPackAcceptOwnership() ([]byte, error) {
	return wrappedToken.abi.Pack("acceptOwnership")
}

// PackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (wrappedToken *WrappedToken) PackAllowance(owner common.Address, spender common.Address) []byte {
	enc, err := wrappedToken.abi.Pack("allowance", owner, spender)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (wrappedToken *WrappedToken) TryPackAllowance(owner common.Address, spender common.Address) ([]byte, error) {
	return wrappedToken.abi.Pack("allowance", owner, spender)
}

// UnpackAllowance is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (wrappedToken *WrappedToken) UnpackAllowance(data []byte) (*big.Int, error) {
	out, err := wrappedToken.abi.Unpack("allowance", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (wrappedToken *WrappedToken) PackApprove(spender common.Address, value *big.Int) []byte {
	enc, err := wrappedToken.abi.Pack("approve", spender, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (wrappedToken *WrappedToken) TryPackApprove(spender common.Address, value *big.Int) ([]byte, error) {
	return wrappedToken.abi.Pack("approve", spender, value)
}

// UnpackApprove is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (wrappedToken *WrappedToken) UnpackApprove(data []byte) (bool, error) {
	out, err := wrappedToken.abi.Unpack("approve", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (wrappedToken *WrappedToken) PackBalanceOf(account common.Address) []byte {
	enc, err := wrappedToken.abi.Pack("balanceOf", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (wrappedToken *WrappedToken) TryPackBalanceOf(account common.Address) ([]byte, error) {
	return wrappedToken.abi.Pack("balanceOf", account)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (wrappedToken *WrappedToken) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := wrappedToken.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBridgeBurnFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b09a0f6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function bridgeBurnFrom(address holder, uint256 amount, bytes32 id, string destinationLedger, string destinationAccount) returns()
func (wrappedToken *WrappedToken) PackBridgeBurnFrom(holder common.Address, amount *big.Int, id [32]byte, destinationLedger string, destinationAccount string) []byte {
	enc, err := wrappedToken.abi.Pack("bridgeBurnFrom", holder, amount, id, destinationLedger, destinationAccount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBridgeBurnFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b09a0f6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function bridgeBurnFrom(address holder, uint256 amount, bytes32 id, string destinationLedger, string destinationAccount) returns()
func (wrappedToken *WrappedToken) TryPackBridgeBurnFrom(holder common.Address, amount *big.Int, id [32]byte, destinationLedger string, destinationAccount string) ([]byte, error) {
	return wrappedToken.abi.Pack("bridgeBurnFrom", holder, amount, id, destinationLedger, destinationAccount)
}

// PackBurn is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9dc29fac.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function burn(address from, uint256 amount) returns()
func (wrappedToken *WrappedToken) PackBurn(from common.Address, amount *big.Int) []byte {
	enc, err := wrappedToken.abi.Pack("burn", from, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBurn is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9dc29fac.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function burn(address from, uint256 amount) returns()
func (wrappedToken *WrappedToken) TryPackBurn(from common.Address, amount *big.Int) ([]byte, error) {
	return wrappedToken.abi.Pack("burn", from, amount)
}

// PackBurnCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x524773ce.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function burnCount() view returns(uint256)
func (wrappedToken *WrappedToken) PackBurnCount() []byte {
	enc, err := wrappedToken.abi.Pack("burnCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBurnCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x524773ce.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function burnCount() view returns(uint256)
func (wrappedToken *WrappedToken) TryPackBurnCount() ([]byte, error) {
	return wrappedToken.abi.Pack("burnCount")
}

// UnpackBurnCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x524773ce.
//
// Solidity: function burnCount() view returns(uint256)
func (wrappedToken *WrappedToken) UnpackBurnCount(data []byte) (*big.Int, error) {
	out, err := wrappedToken.abi.Unpack("burnCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBurnForTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb48b8a6f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function burnForTransfer(address bridge, uint256 amount, string destinationLedger, string destinationAccount) returns(bytes32 id)
func (wrappedToken *WrappedToken) PackBurnForTransfer(bridge common.Address, amount *big.Int, destinationLedger string, destinationAccount string) []byte {
	enc, err := wrappedToken.abi.Pack("burnForTransfer", bridge, amount, destinationLedger, destinationAccount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBurnForTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb48b8a6f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function burnForTransfer(address bridge, uint256 amount, string destinationLedger, string destinationAccount) returns(bytes32 id)
func (wrappedToken *WrappedToken) TryPackBurnForTransfer(bridge common.Address, amount *big.Int, destinationLedger string, destinationAccount string) ([]byte, error) {
	return wrappedToken.abi.Pack("burnForTransfer", bridge, amount, destinationLedger, destinationAccount)
}

// UnpackBurnForTransfer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb48b8a6f.
//
// Solidity: function burnForTransfer(address bridge, uint256 amount, string destinationLedger, string destinationAccount) returns(bytes32 id)
func (wrappedToken *WrappedToken) UnpackBurnForTransfer(data []byte) ([32]byte, error) {
	out, err := wrappedToken.abi.Unpack("burnForTransfer", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackBurningCurrentLimitOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x998955d3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function burningCurrentLimitOf(address bridge) view returns(uint256)
func (wrappedToken *WrappedToken) PackBurningCurrentLimitOf(bridge common.Address) []byte {
	enc, err := wrappedToken.abi.Pack("burningCurrentLimitOf", bridge)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBurningCurrentLimitOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x998955d3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function burningCurrentLimitOf(address bridge) view returns(uint256)
func (wrappedToken *WrappedToken) TryPackBurningCurrentLimitOf(bridge common.Address) ([]byte, error) {
	return wrappedToken.abi.Pack("burningCurrentLimitOf", bridge)
}

// UnpackBurningCurrentLimitOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x998955d3.
//
// Solidity: function burningCurrentLimitOf(address bridge) view returns(uint256)
func (wrappedToken *WrappedToken) UnpackBurningCurrentLimitOf(data []byte) (*big.Int, error) {
	out, err := wrappedToken.abi.Unpack("burningCurrentLimitOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBurningMaxLimitOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc1eb7137.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function burningMaxLimitOf(address bridge) view returns(uint256)
func (wrappedToken *WrappedToken) PackBurningMaxLimitOf(bridge common.Address) []byte {
	enc, err := wrappedToken.abi.Pack("burningMaxLimitOf", bridge)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBurningMaxLimitOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc1eb7137.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function burningMaxLimitOf(address bridge) view returns(uint256)
func (wrappedToken *WrappedToken) TryPackBurningMaxLimitOf(bridge common.Address) ([]byte, error) {
	return wrappedToken.abi.Pack("burningMaxLimitOf", bridge)
}

// UnpackBurningMaxLimitOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc1eb7137.
//
// Solidity: function burningMaxLimitOf(address bridge) view returns(uint256)
func (wrappedToken *WrappedToken) UnpackBurningMaxLimitOf(data []byte) (*big.Int, error) {
	out, err := wrappedToken.abi.Unpack("burningMaxLimitOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function decimals() view returns(uint8)
func (wrappedToken *WrappedToken) PackDecimals() []byte {
	enc, err := wrappedToken.abi.Pack("decimals")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function decimals() view returns(uint8)
func (wrappedToken *WrappedToken) TryPackDecimals() ([]byte, error) {
	return wrappedToken.abi.Pack("decimals")
}

// UnpackDecimals is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x313ce567.
//
// Solidity: function decimals() view returns(uint8)
func (wrappedToken *WrappedToken) UnpackDecimals(data []byte) (uint8, error) {
	out, err := wrappedToken.abi.Unpack("decimals", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (wrappedToken *WrappedToken) PackMint(to common.Address, amount *big.Int) []byte {
	enc, err := wrappedToken.abi.Pack("mint", to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (wrappedToken *WrappedToken) TryPackMint(to common.Address, amount *big.Int) ([]byte, error) {
	return wrappedToken.abi.Pack("mint", to, amount)
}

// PackMintingCurrentLimitOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x651fd268.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mintingCurrentLimitOf(address bridge) view returns(uint256)
func (wrappedToken *WrappedToken) PackMintingCurrentLimitOf(bridge common.Address) []byte {
	enc, err := wrappedToken.abi.Pack("mintingCurrentLimitOf", bridge)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMintingCurrentLimitOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x651fd268.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mintingCurrentLimitOf(address bridge) view returns(uint256)
func (wrappedToken *WrappedToken) TryPackMintingCurrentLimitOf(bridge common.Address) ([]byte, error) {
	return wrappedToken.abi.Pack("mintingCurrentLimitOf", bridge)
}

// UnpackMintingCurrentLimitOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x651fd268.
//
// Solidity: function mintingCurrentLimitOf(address bridge) view returns(uint256)
func (wrappedToken *WrappedToken) UnpackMintingCurrentLimitOf(data []byte) (*big.Int, error) {
	out, err := wrappedToken.abi.Unpack("mintingCurrentLimitOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMintingMaxLimitOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0c05f82c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mintingMaxLimitOf(address bridge) view returns(uint256)
func (wrappedToken *WrappedToken) PackMintingMaxLimitOf(bridge common.Address) []byte {
	enc, err := wrappedToken.abi.Pack("mintingMaxLimitOf", bridge)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMintingMaxLimitOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0c05f82c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mintingMaxLimitOf(address bridge) view returns(uint256)
func (wrappedToken *WrappedToken) TryPackMintingMaxLimitOf(bridge common.Address) ([]byte, error) {
	return wrappedToken.abi.Pack("mintingMaxLimitOf", bridge)
}

// UnpackMintingMaxLimitOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0c05f82c.
//
// Solidity: function mintingMaxLimitOf(address bridge) view returns(uint256)
func (wrappedToken *WrappedToken) UnpackMintingMaxLimitOf(data []byte) (*big.Int, error) {
	out, err := wrappedToken.abi.Unpack("mintingMaxLimitOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (wrappedToken *WrappedToken) PackName() []byte {
	enc, err := wrappedToken.abi.Pack("name")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function name() view returns(string)
func (wrappedToken *WrappedToken) TryPackName() ([]byte, error) {
	return wrappedToken.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (wrappedToken *WrappedToken) UnpackName(data []byte) (string, error) {
	out, err := wrappedToken.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owner() view returns(address)
func (wrappedToken *WrappedToken) PackOwner() []byte {
	enc, err := wrappedToken.abi.Pack("owner")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function owner() view returns(address)
func (wrappedToken *WrappedToken) TryPackOwner() ([]byte, error) {
	return wrappedToken.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (wrappedToken *WrappedToken) UnpackOwner(data []byte) (common.Address, error) {
	out, err := wrappedToken.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackPendingOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe30c3978.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pendingOwner() view returns(address)
func (wrappedToken *WrappedToken) PackPendingOwner() []byte {
	enc, err := wrappedToken.abi.Pack("pendingOwner")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPendingOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe30c3978.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pendingOwner() view returns(address)
func (wrappedToken *WrappedToken) TryPackPendingOwner() ([]byte, error) {
	return wrappedToken.abi.Pack("pendingOwner")
}

// UnpackPendingOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe30c3978.
//
// Solidity: function pendingOwner() view returns(address)
func (wrappedToken *WrappedToken) UnpackPendingOwner(data []byte) (common.Address, error) {
	out, err := wrappedToken.abi.Unpack("pendingOwner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRenounceOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x715018a6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceOwnership() returns()
func (wrappedToken *WrappedToken) PackRenounceOwnership() []byte {
	enc, err := wrappedToken.abi.Pack("renounceOwnership")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRenounceOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x715018a6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function renounceOwnership() returns()
func (wrappedToken *WrappedToken) TryPackRenounceOwnership() ([]byte, error) {
	return wrappedToken.abi.Pack("renounceOwnership")
}

// PackSetLimits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa08d5654.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setLimits(address bridge, uint256 mintingLimit, uint256 burningLimit) returns()
func (wrappedToken *WrappedToken) PackSetLimits(bridge common.Address, mintingLimit *big.Int, burningLimit *big.Int) []byte {
	enc, err := wrappedToken.abi.Pack("setLimits", bridge, mintingLimit, burningLimit)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetLimits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa08d5654.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setLimits(address bridge, uint256 mintingLimit, uint256 burningLimit) returns()
func (wrappedToken *WrappedToken) TryPackSetLimits(bridge common.Address, mintingLimit *big.Int, burningLimit *big.Int) ([]byte, error) {
	return wrappedToken.abi.Pack("setLimits", bridge, mintingLimit, burningLimit)
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() view returns(string)
func (wrappedToken *WrappedToken) PackSymbol() []byte {
	enc, err := wrappedToken.abi.Pack("symbol")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function symbol() view returns(string)
func (wrappedToken *WrappedToken) TryPackSymbol() ([]byte, error) {
	return wrappedToken.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (wrappedToken *WrappedToken) UnpackSymbol(data []byte) (string, error) {
	out, err := wrappedToken.abi.Unpack("symbol", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalSupply() view returns(uint256)
func (wrappedToken *WrappedToken) PackTotalSupply() []byte {
	enc, err := wrappedToken.abi.Pack("totalSupply")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalSupply() view returns(uint256)
func (wrappedToken *WrappedToken) TryPackTotalSupply() ([]byte, error) {
	return wrappedToken.abi.Pack("totalSupply")
}

// UnpackTotalSupply is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (wrappedToken *WrappedToken) UnpackTotalSupply(data []byte) (*big.Int, error) {
	out, err := wrappedToken.abi.Unpack("totalSupply", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (wrappedToken *WrappedToken) PackTransfer(to common.Address, value *big.Int) []byte {
	enc, err := wrappedToken.abi.Pack("transfer", to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (wrappedToken *WrappedToken) TryPackTransfer(to common.Address, value *big.Int) ([]byte, error) {
	return wrappedToken.abi.Pack("transfer", to, value)
}

// UnpackTransfer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (wrappedToken *WrappedToken) UnpackTransfer(data []byte) (bool, error) {
	out, err := wrappedToken.abi.Unpack("transfer", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (wrappedToken *WrappedToken) PackTransferFrom(from common.Address, to common.Address, value *big.Int) []byte {
	enc, err := wrappedToken.abi.Pack("transferFrom", from, to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (wrappedToken *WrappedToken) TryPackTransferFrom(from common.Address, to common.Address, value *big.Int) ([]byte, error) {
	return wrappedToken.abi.Pack("transferFrom", from, to, value)
}

// UnpackTransferFrom is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (wrappedToken *WrappedToken) UnpackTransferFrom(data []byte) (bool, error) {
	out, err := wrappedToken.abi.Unpack("transferFrom", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (wrappedToken *WrappedToken) PackTransferOwnership(newOwner common.Address) []byte {
	enc, err := wrappedToken.abi.Pack("transferOwnership", newOwner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (wrappedToken *WrappedToken) TryPackTransferOwnership(newOwner common.Address) ([]byte, error) {
	return wrappedToken.abi.Pack("transferOwnership", newOwner)
}

// WrappedTokenApproval represents a Approval event raised by the WrappedToken contract.
type WrappedTokenApproval struct {
	Owner   common.Address
	Spender common.Address
	Value   *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const WrappedTokenApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (WrappedTokenApproval) ContractEventName() string {
	return WrappedTokenApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (wrappedToken *WrappedToken) UnpackApprovalEvent(log *types.Log) (*WrappedTokenApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != wrappedToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(WrappedTokenApproval)
	if len(log.Data) > 0 {
		if err := wrappedToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range wrappedToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// WrappedTokenBridgeLimitsSet represents a BridgeLimitsSet event raised by the WrappedToken contract.
type WrappedTokenBridgeLimitsSet struct {
	Bridge       common.Address
	MintingLimit *big.Int
	BurningLimit *big.Int
	Raw          *types.Log // Blockchain specific contextual infos
}

const WrappedTokenBridgeLimitsSetEventName = "BridgeLimitsSet"

// ContractEventName returns the user-defined event name.
func (WrappedTokenBridgeLimitsSet) ContractEventName() string {
	return WrappedTokenBridgeLimitsSetEventName
}

// UnpackBridgeLimitsSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BridgeLimitsSet(address indexed bridge, uint256 mintingLimit, uint256 burningLimit)
func (wrappedToken *WrappedToken) UnpackBridgeLimitsSetEvent(log *types.Log) (*WrappedTokenBridgeLimitsSet, error) {
	event := "BridgeLimitsSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != wrappedToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(WrappedTokenBridgeLimitsSet)
	if len(log.Data) > 0 {
		if err := wrappedToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range wrappedToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// WrappedTokenBurnedForTransfer represents a BurnedForTransfer event raised by the WrappedToken contract.
type WrappedTokenBurnedForTransfer struct {
	Id                 [32]byte
	Bridge             common.Address
	Holder             common.Address
	Amount             *big.Int
	DestinationLedger  string
	DestinationAccount string
	Raw                *types.Log // Blockchain specific contextual infos
}

const WrappedTokenBurnedForTransferEventName = "BurnedForTransfer"

// ContractEventName returns the user-defined event name.
func (WrappedTokenBurnedForTransfer) ContractEventName() string {
	return WrappedTokenBurnedForTransferEventName
}

// UnpackBurnedForTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BurnedForTransfer(bytes32 indexed id, address indexed bridge, address indexed holder, uint256 amount, string destinationLedger, string destinationAccount)
func (wrappedToken *WrappedToken) UnpackBurnedForTransferEvent(log *types.Log) (*WrappedTokenBurnedForTransfer, error) {
	event := "BurnedForTransfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != wrappedToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(WrappedTokenBurnedForTransfer)
	if len(log.Data) > 0 {
		if err := wrappedToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range wrappedToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// WrappedTokenOwnershipTransferStarted represents a OwnershipTransferStarted event raised by the WrappedToken contract.
type WrappedTokenOwnershipTransferStarted struct {
	PreviousOwner common.Address
	NewOwner      common.Address
	Raw           *types.Log // Blockchain specific contextual infos
}

const WrappedTokenOwnershipTransferStartedEventName = "OwnershipTransferStarted"

// ContractEventName returns the user-defined event name.
func (WrappedTokenOwnershipTransferStarted) ContractEventName() string {
	return WrappedTokenOwnershipTransferStartedEventName
}

// UnpackOwnershipTransferStartedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner)
func (wrappedToken *WrappedToken) UnpackOwnershipTransferStartedEvent(log *types.Log) (*WrappedTokenOwnershipTransferStarted, error) {
	event := "OwnershipTransferStarted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != wrappedToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(WrappedTokenOwnershipTransferStarted)
	if len(log.Data) > 0 {
		if err := wrappedToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range wrappedToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// WrappedTokenOwnershipTransferred represents a OwnershipTransferred event raised by the WrappedToken contract.
type WrappedTokenOwnershipTransferred struct {
	PreviousOwner common.Address
	NewOwner      common.Address
	Raw           *types.Log // Blockchain specific contextual infos
}

const WrappedTokenOwnershipTransferredEventName = "OwnershipTransferred"

// ContractEventName returns the user-defined event name.
func (WrappedTokenOwnershipTransferred) ContractEventName() string {
	return WrappedTokenOwnershipTransferredEventName
}

// UnpackOwnershipTransferredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)
func (wrappedToken *WrappedToken) UnpackOwnershipTransferredEvent(log *types.Log) (*WrappedTokenOwnershipTransferred, error) {
	event := "OwnershipTransferred"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != wrappedToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(WrappedTokenOwnershipTransferred)
	if len(log.Data) > 0 {
		if err := wrappedToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range wrappedToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// WrappedTokenTransfer represents a Transfer event raised by the WrappedToken contract.
type WrappedTokenTransfer struct {
	From  common.Address
	To    common.Address
	Value *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const WrappedTokenTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (WrappedTokenTransfer) ContractEventName() string {
	return WrappedTokenTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (wrappedToken *WrappedToken) UnpackTransferEvent(log *types.Log) (*WrappedTokenTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != wrappedToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(WrappedTokenTransfer)
	if len(log.Data) > 0 {
		if err := wrappedToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range wrappedToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (wrappedToken *WrappedToken) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], wrappedToken.abi.Errors["BadDestination"].ID.Bytes()[:4]) {
		return wrappedToken.UnpackBadDestinationError(raw[4:])
	}
	if bytes.Equal(raw[:4], wrappedToken.abi.Errors["ERC20InsufficientAllowance"].ID.Bytes()[:4]) {
		return wrappedToken.UnpackERC20InsufficientAllowanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], wrappedToken.abi.Errors["ERC20InsufficientBalance"].ID.Bytes()[:4]) {
		return wrappedToken.UnpackERC20InsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], wrappedToken.abi.Errors["ERC20InvalidApprover"].ID.Bytes()[:4]) {
		return wrappedToken.UnpackERC20InvalidApproverError(raw[4:])
	}
	if bytes.Equal(raw[:4], wrappedToken.abi.Errors["ERC20InvalidReceiver"].ID.Bytes()[:4]) {
		return wrappedToken.UnpackERC20InvalidReceiverError(raw[4:])
	}
	if bytes.Equal(raw[:4], wrappedToken.abi.Errors["ERC20InvalidSender"].ID.Bytes()[:4]) {
		return wrappedToken.UnpackERC20InvalidSenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], wrappedToken.abi.Errors["ERC20InvalidSpender"].ID.Bytes()[:4]) {
		return wrappedToken.UnpackERC20InvalidSpenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], wrappedToken.abi.Errors["LimitExceeded"].ID.Bytes()[:4]) {
		return wrappedToken.UnpackLimitExceededError(raw[4:])
	}
	if bytes.Equal(raw[:4], wrappedToken.abi.Errors["NotBridge"].ID.Bytes()[:4]) {
		return wrappedToken.UnpackNotBridgeError(raw[4:])
	}
	if bytes.Equal(raw[:4], wrappedToken.abi.Errors["OwnableInvalidOwner"].ID.Bytes()[:4]) {
		return wrappedToken.UnpackOwnableInvalidOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], wrappedToken.abi.Errors["OwnableUnauthorizedAccount"].ID.Bytes()[:4]) {
		return wrappedToken.UnpackOwnableUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], wrappedToken.abi.Errors["ZeroAmount"].ID.Bytes()[:4]) {
		return wrappedToken.UnpackZeroAmountError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// WrappedTokenBadDestination represents a BadDestination error raised by the WrappedToken contract.
type WrappedTokenBadDestination struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadDestination()
func WrappedTokenBadDestinationErrorID() common.Hash {
	return common.HexToHash("0x83b1982b25928bf1995fafff2f3823b2e02181fc7a41e367befc65777b3db3c5")
}

// UnpackBadDestinationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadDestination()
func (wrappedToken *WrappedToken) UnpackBadDestinationError(raw []byte) (*WrappedTokenBadDestination, error) {
	out := new(WrappedTokenBadDestination)
	if err := wrappedToken.abi.UnpackIntoInterface(out, "BadDestination", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// WrappedTokenERC20InsufficientAllowance represents a ERC20InsufficientAllowance error raised by the WrappedToken contract.
type WrappedTokenERC20InsufficientAllowance struct {
	Spender   common.Address
	Allowance *big.Int
	Needed    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func WrappedTokenERC20InsufficientAllowanceErrorID() common.Hash {
	return common.HexToHash("0xfb8f41b23e99d2101d86da76cdfa87dd51c82ed07d3cb62cbc473e469dbc75c3")
}

// UnpackERC20InsufficientAllowanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func (wrappedToken *WrappedToken) UnpackERC20InsufficientAllowanceError(raw []byte) (*WrappedTokenERC20InsufficientAllowance, error) {
	out := new(WrappedTokenERC20InsufficientAllowance)
	if err := wrappedToken.abi.UnpackIntoInterface(out, "ERC20InsufficientAllowance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// WrappedTokenERC20InsufficientBalance represents a ERC20InsufficientBalance error raised by the WrappedToken contract.
type WrappedTokenERC20InsufficientBalance struct {
	Sender  common.Address
	Balance *big.Int
	Needed  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func WrappedTokenERC20InsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0xe450d38cd8d9f7d95077d567d60ed49c7254716e6ad08fc9872816c97e0ffec6")
}

// UnpackERC20InsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func (wrappedToken *WrappedToken) UnpackERC20InsufficientBalanceError(raw []byte) (*WrappedTokenERC20InsufficientBalance, error) {
	out := new(WrappedTokenERC20InsufficientBalance)
	if err := wrappedToken.abi.UnpackIntoInterface(out, "ERC20InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// WrappedTokenERC20InvalidApprover represents a ERC20InvalidApprover error raised by the WrappedToken contract.
type WrappedTokenERC20InvalidApprover struct {
	Approver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidApprover(address approver)
func WrappedTokenERC20InvalidApproverErrorID() common.Hash {
	return common.HexToHash("0xe602df05cc75712490294c6c104ab7c17f4030363910a7a2626411c6d3118847")
}

// UnpackERC20InvalidApproverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidApprover(address approver)
func (wrappedToken *WrappedToken) UnpackERC20InvalidApproverError(raw []byte) (*WrappedTokenERC20InvalidApprover, error) {
	out := new(WrappedTokenERC20InvalidApprover)
	if err := wrappedToken.abi.UnpackIntoInterface(out, "ERC20InvalidApprover", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// WrappedTokenERC20InvalidReceiver represents a ERC20InvalidReceiver error raised by the WrappedToken contract.
type WrappedTokenERC20InvalidReceiver struct {
	Receiver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func WrappedTokenERC20InvalidReceiverErrorID() common.Hash {
	return common.HexToHash("0xec442f055133b72f3b2f9f0bb351c406b178527de2040a7d1feb4e058771f613")
}

// UnpackERC20InvalidReceiverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func (wrappedToken *WrappedToken) UnpackERC20InvalidReceiverError(raw []byte) (*WrappedTokenERC20InvalidReceiver, error) {
	out := new(WrappedTokenERC20InvalidReceiver)
	if err := wrappedToken.abi.UnpackIntoInterface(out, "ERC20InvalidReceiver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// WrappedTokenERC20InvalidSender represents a ERC20InvalidSender error raised by the WrappedToken contract.
type WrappedTokenERC20InvalidSender struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSender(address sender)
func WrappedTokenERC20InvalidSenderErrorID() common.Hash {
	return common.HexToHash("0x96c6fd1edd0cd6ef7ff0ecc0facdf53148dc0048b57fe58af65755250a7a96bd")
}

// UnpackERC20InvalidSenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSender(address sender)
func (wrappedToken *WrappedToken) UnpackERC20InvalidSenderError(raw []byte) (*WrappedTokenERC20InvalidSender, error) {
	out := new(WrappedTokenERC20InvalidSender)
	if err := wrappedToken.abi.UnpackIntoInterface(out, "ERC20InvalidSender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// WrappedTokenERC20InvalidSpender represents a ERC20InvalidSpender error raised by the WrappedToken contract.
type WrappedTokenERC20InvalidSpender struct {
	Spender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSpender(address spender)
func WrappedTokenERC20InvalidSpenderErrorID() common.Hash {
	return common.HexToHash("0x94280d62c347d8d9f4d59a76ea321452406db88df38e0c9da304f58b57b373a2")
}

// UnpackERC20InvalidSpenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSpender(address spender)
func (wrappedToken *WrappedToken) UnpackERC20InvalidSpenderError(raw []byte) (*WrappedTokenERC20InvalidSpender, error) {
	out := new(WrappedTokenERC20InvalidSpender)
	if err := wrappedToken.abi.UnpackIntoInterface(out, "ERC20InvalidSpender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// WrappedTokenLimitExceeded represents a LimitExceeded error raised by the WrappedToken contract.
type WrappedTokenLimitExceeded struct {
	Bridge    common.Address
	Available *big.Int
	Amount    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error LimitExceeded(address bridge, uint256 available, uint256 amount)
func WrappedTokenLimitExceededErrorID() common.Hash {
	return common.HexToHash("0x4db9e254c32cd81a761f19f2ea0ecf598996de9125f7a124deaa0b263a049f49")
}

// UnpackLimitExceededError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error LimitExceeded(address bridge, uint256 available, uint256 amount)
func (wrappedToken *WrappedToken) UnpackLimitExceededError(raw []byte) (*WrappedTokenLimitExceeded, error) {
	out := new(WrappedTokenLimitExceeded)
	if err := wrappedToken.abi.UnpackIntoInterface(out, "LimitExceeded", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// WrappedTokenNotBridge represents a NotBridge error raised by the WrappedToken contract.
type WrappedTokenNotBridge struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotBridge(address caller)
func WrappedTokenNotBridgeErrorID() common.Hash {
	return common.HexToHash("0xf91b419eec7695fa42b5ad5608bd2123ca602e47c2af990b92c08729cdb5d69e")
}

// UnpackNotBridgeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotBridge(address caller)
func (wrappedToken *WrappedToken) UnpackNotBridgeError(raw []byte) (*WrappedTokenNotBridge, error) {
	out := new(WrappedTokenNotBridge)
	if err := wrappedToken.abi.UnpackIntoInterface(out, "NotBridge", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// WrappedTokenOwnableInvalidOwner represents a OwnableInvalidOwner error raised by the WrappedToken contract.
type WrappedTokenOwnableInvalidOwner struct {
	Owner common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OwnableInvalidOwner(address owner)
func WrappedTokenOwnableInvalidOwnerErrorID() common.Hash {
	return common.HexToHash("0x1e4fbdf7f3ef8bcaa855599e3abf48b232380f183f08f6f813d9ffa5bd585188")
}

// UnpackOwnableInvalidOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OwnableInvalidOwner(address owner)
func (wrappedToken *WrappedToken) UnpackOwnableInvalidOwnerError(raw []byte) (*WrappedTokenOwnableInvalidOwner, error) {
	out := new(WrappedTokenOwnableInvalidOwner)
	if err := wrappedToken.abi.UnpackIntoInterface(out, "OwnableInvalidOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// WrappedTokenOwnableUnauthorizedAccount represents a OwnableUnauthorizedAccount error raised by the WrappedToken contract.
type WrappedTokenOwnableUnauthorizedAccount struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OwnableUnauthorizedAccount(address account)
func WrappedTokenOwnableUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0x118cdaa7a341953d1887a2245fd6665d741c67c8c50581daa59e1d03373fa188")
}

// UnpackOwnableUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OwnableUnauthorizedAccount(address account)
func (wrappedToken *WrappedToken) UnpackOwnableUnauthorizedAccountError(raw []byte) (*WrappedTokenOwnableUnauthorizedAccount, error) {
	out := new(WrappedTokenOwnableUnauthorizedAccount)
	if err := wrappedToken.abi.UnpackIntoInterface(out, "OwnableUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// WrappedTokenZeroAmount represents a ZeroAmount error raised by the WrappedToken contract.
type WrappedTokenZeroAmount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAmount()
func WrappedTokenZeroAmountErrorID() common.Hash {
	return common.HexToHash("0x1f2a2005cb66a8e145327e8814e243a0996aec9bfe1e15a495778b1236dbd485")
}

// UnpackZeroAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAmount()
func (wrappedToken *WrappedToken) UnpackZeroAmountError(raw []byte) (*WrappedTokenZeroAmount, error) {
	out := new(WrappedTokenZeroAmount)
	if err := wrappedToken.abi.UnpackIntoInterface(out, "ZeroAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}
